import Foundation

/// Vehicle API v3's error document (docs/SMARTCAR.md §10.6): `{"errors": [{"status", "type", "code",
/// "title", "detail", "source", "links": {"about"}, "meta": {"debug": {"requestId"}}}]}`. The first
/// error speaks for the answer; the others become detail lines. Older examples carry a lower-case
/// `code` and no `type`: the HTTP status then picks the kind.
extension SmartcarErrorParser {
    static func jsonAPI(
        _ errors: [[String: Any]], document: [String: Any], status: Int, requestId: String?, retryAfter: Int?,
        clean: (String) -> String
    ) -> CarportError {
        let first = errors[0]
        let type = first["type"] as? String
        let resolution = first["resolution"]
        let details = SmartcarErrorDetails(
            type: type ?? "HTTP_\(status)", code: first["code"] as? String,
            description: clean((first["detail"] as? String) ?? (first["title"] as? String) ?? "No description."),
            docURL: aboutLink(first["links"]),
            statusCode: (first["status"] as? String).flatMap { Int($0) } ?? (first["status"] as? Int) ?? status,
            requestId: v3RequestId(first["meta"]) ?? v3RequestId(document["meta"]) ?? requestId,
            resolutionType: (resolution as? [String: Any])?["type"] as? String ?? resolution as? String,
            resolutionURL: ((resolution as? [String: Any])?["url"] as? String).map(clean),
            suggestedUserMessage: (first["suggestedUserMessage"] as? String).map(clean),
            retryAfter: retryAfter,
            detail: (sourceLine(first).map { [$0] } ?? []) + errors.dropFirst().prefix(9).map(line).map(clean))
        let kind = type.map { kindForV2($0, status: details.statusCode) } ?? kindForStatus(details.statusCode)
        return CarportError(kind, explain(details), details: details)
    }

    /// Without a `type`: 401 is the credentials, 429 a limit, 5xx (but 501) transient.
    private static func kindForStatus(_ status: Int) -> CarportError.Kind {
        switch status {
        case 401: .authorizationRevoked
        case 429: .rateLimited
        case 501: .api
        case 500...: .transient
        default: .api
        }
    }

    /// `meta.debug.requestId`, as the live API sends it, or `meta.requestId`.
    private static func v3RequestId(_ meta: Any?) -> String? {
        guard let meta = meta as? [String: Any] else { return nil }
        return ((meta["debug"] as? [String: Any])?["requestId"] as? String) ?? meta["requestId"] as? String
    }

    /// `links.about` as a string or as a link object with `href`.
    private static func aboutLink(_ links: Any?) -> String? {
        let about = (links as? [String: Any])?["about"]
        return about as? String ?? (about as? [String: Any])?["href"] as? String
    }

    /// Which parameter or field the error is about (`source.parameter`, `source.header`, `source.pointer`).
    private static func sourceLine(_ error: [String: Any]) -> String? {
        guard let source = error["source"] as? [String: Any] else { return nil }
        let named = ["parameter", "header", "pointer"].compactMap { key in
            (source[key] as? String).map { "\(key) \($0)" }
        }
        return named.isEmpty ? nil : "about " + named.joined(separator: ", ")
    }

    /// A further error of the document: `TYPE:CODE: detail`.
    private static func line(_ error: [String: Any]) -> String {
        let name = [error["type"] as? String, error["code"] as? String].compactMap { $0 }.joined(separator: ":")
        let text = (error["detail"] as? String) ?? (error["title"] as? String) ?? ""
        return [name, text].filter { !$0.isEmpty }.joined(separator: ": ")
    }
}
