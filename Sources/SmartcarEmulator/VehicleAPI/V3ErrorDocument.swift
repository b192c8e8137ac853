import Foundation

/// The JSON:API error body of API v3 (docs/SMARTCAR.md §10.6): one item in `errors`, with the
/// status as a string, the v2 type and code (docs/SMARTCAR.md §6.2), a title, the v2 description as
/// `detail`, the documentation link and the request id under `meta.debug`.
struct V3ErrorDocument: Encodable, Sendable {
    var errors: [Item]

    struct Item: Encodable, Sendable {
        var status: String
        var type: String
        var code: String?
        var title: String
        var detail: String
        var links: Links
        var meta: Meta
    }
    struct Links: Encodable, Sendable { var about: String }
    struct Meta: Encodable, Sendable { var debug: Debug }
    struct Debug: Encodable, Sendable { var requestId: String }

    /// The HTTP status a type answers with.
    let status: Int

    enum CodingKeys: String, CodingKey { case errors }

    init(type: String, code: String?, requestId: String, detail: String? = nil) {
        status = V2ErrorCatalog.statusByType[type] ?? 400
        errors = [
            Item(
                status: String(status), type: type, code: code, title: Self.title(status),
                detail: detail ?? V2ErrorCatalog.description(type: type, code: code),
                links: Links(about: V2ErrorCatalog.docURL(type: type, code: code)),
                meta: Meta(debug: Debug(requestId: requestId)))
        ]
    }

    static func title(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 429: "Too Many Requests"
        case 430: "Billing Limit"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        default: "Internal Server Error"
        }
    }
}

extension APIReply {
    /// A v3 error (the `errors[]` form); `detail` replaces the type's description.
    static func v3Error(
        _ type: String, _ code: String?, requestId: String, detail: String? = nil, headers: [(String, String)] = []
    ) -> APIReply {
        let body = V3ErrorDocument(type: type, code: code, requestId: requestId, detail: detail)
        return APIReply(status: body.status, body: EmulatorResponse.encode(body), headers: headers)
    }

    /// The error in the form of the API version asked: `errors[]` on `/v3`, the v2 object elsewhere.
    static func error(_ type: String, _ code: String?, requestId: String, jsonAPI: Bool) -> APIReply {
        jsonAPI ? v3Error(type, code, requestId: requestId) : error(type, code, requestId: requestId)
    }
}
