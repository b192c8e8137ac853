import Foundation

/// Turns any non-2xx answer from Smartcar into a `CarportError` (docs/SMARTCAR.md §6.5): OAuth errors,
/// v2.0 errors, v3's JSON:API `errors[]` (§10.6), v1 errors and bodies that are not JSON at all.
/// Every Smartcar text passes through `Redactor` first; every message names the request id when
/// Smartcar sent one.
public enum SmartcarErrorParser {
    /// - Parameters:
    ///   - headers: response headers; names are matched case-insensitively.
    ///   - secrets: the credentials the request carried, removed from any echoed text.
    public static func parse(
        status: Int, headers: [String: String], body: Data,
        secrets: [Secret] = []
    ) -> CarportError {
        let header = { (name: String) in
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        let contentType = header("Content-Type") ?? ""
        let retryAfter = header("Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let requestId = header("SC-Request-Id")
        let clean = { (text: String) in Redactor.redact(text, secrets: secrets) }

        guard contentType.lowercased().contains("json"),
            let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        else {
            return nonJSON(
                status: status, contentType: contentType, body: body, requestId: requestId,
                retryAfter: retryAfter, clean: clean)
        }
        if let errors = object["errors"] as? [[String: Any]], !errors.isEmpty {
            return jsonAPI(
                errors, document: object, status: status, requestId: requestId, retryAfter: retryAfter, clean: clean)
        }
        if let error = object["error"] as? String, !error.isEmpty {
            if let message = object["message"] as? String {
                let details = SmartcarErrorDetails(
                    type: error, code: object["code"] as? String, description: clean(message),
                    statusCode: (object["statusCode"] as? Int) ?? status,
                    requestId: (object["requestId"] as? String) ?? requestId, retryAfter: retryAfter)
                return CarportError(kindForV1(error, status: status), explain(details), details: details)
            }
            let description =
                (object["error_description"] as? String).map(clean)
                ?? "The token service sent no description."
            let details = SmartcarErrorDetails(
                type: error, description: description, statusCode: status,
                requestId: requestId, retryAfter: retryAfter)
            return CarportError(
                kindForOAuth(error, description: description, status: status),
                explainOAuth(details), details: details)
        }
        if let type = object["type"] as? String {
            let resolution = object["resolution"]
            let details = SmartcarErrorDetails(
                type: type, code: object["code"] as? String,
                description: clean((object["description"] as? String) ?? "No description."),
                docURL: object["docURL"] as? String,
                statusCode: (object["statusCode"] as? Int) ?? status,
                requestId: (object["requestId"] as? String) ?? requestId,
                resolutionType: (resolution as? [String: Any])?["type"] as? String ?? resolution as? String,
                resolutionURL: ((resolution as? [String: Any])?["url"] as? String).map(clean),
                suggestedUserMessage: (object["suggestedUserMessage"] as? String).map(clean),
                retryAfter: retryAfter, detail: detailLines(object["detail"]).map(clean))
            return CarportError(kindForV2(type, status: status), explain(details), details: details)
        }
        return nonJSON(
            status: status, contentType: contentType, body: body, requestId: requestId,
            retryAfter: retryAfter, clean: clean)
    }

    private static func nonJSON(
        status: Int, contentType: String, body: Data, requestId: String?,
        retryAfter: Int?, clean: (String) -> String
    ) -> CarportError {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
            .replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let excerpt = clean(String(text.prefix(160)))
        let shown = contentType.isEmpty ? "no content type" : contentType
        let details = SmartcarErrorDetails(
            type: "HTTP_\(status)", description: excerpt, statusCode: status,
            requestId: requestId, retryAfter: retryAfter)
        let kind: CarportError.Kind = status == 429 ? .rateLimited : status >= 500 ? .transient : .api
        var message = "Smartcar answered HTTP \(status) with a body that is not a Smartcar error (\(shown))"
        message += excerpt.isEmpty ? "." : ": \(excerpt)"
        message += status >= 500 ? " This is usually a proxy or outage; try again later." : ""
        return CarportError(kind, message + details.quotedRequestId, details: details)
    }

    private static func kindForOAuth(_ error: String, description: String, status: Int) -> CarportError.Kind {
        if status >= 500 { return .transient }
        switch error {
        case "invalid_grant": return .authorizationRevoked
        case "invalid_request" where description.hasPrefix("Invalid refresh_token"): return .authorizationRevoked
        case "temporarily_unavailable", "server_error": return .transient
        default: return .oauth
        }
    }

    /// The kind of a v2 (or v3) error `type` (docs/SMARTCAR.md §6.2); v3 signal errors use it too.
    public static func kindForV2(_ type: String, status: Int) -> CarportError.Kind {
        switch type {
        case "AUTHENTICATION": .authorizationRevoked
        case "RATE_LIMIT": .rateLimited
        case "UPSTREAM", "SERVER": .transient
        default: status >= 500 && status != 501 ? .transient : .api
        }
    }

    private static func kindForV1(_ error: String, status: Int) -> CarportError.Kind {
        switch error {
        case "authentication_error": .authorizationRevoked
        case "rate_limit_error": .rateLimited
        case "server_error", "monthly_limit_exceeded": .transient
        default: status >= 500 ? .transient : .api
        }
    }

    private static func explainOAuth(_ d: SmartcarErrorDetails) -> String {
        let advice: String
        switch d.type {
        case "invalid_client":
            advice = "Check SMARTCAR_CLIENT_ID and the client secret file against the Smartcar dashboard."
        case "invalid_grant",
            "invalid_request" where d.description.hasPrefix("Invalid refresh_token"):
            advice = "The token pair is no longer valid; the customer must reconnect (carport reauth)."
        case "invalid_request" where d.description.hasPrefix("Invalid code"):
            advice = "The authorization code was used or has expired; start a new Connect session."
        case "unauthorized_client":
            advice = "Enable this make for the application in the Smartcar dashboard."
        default:
            advice = d.statusCode >= 500 ? "Try again later." : "Check the request and the application settings."
        }
        return "Smartcar token service: \(d.type) (HTTP \(d.statusCode)): \(d.description) \(advice)"
            + d.quotedRequestId
    }

    static func explain(_ d: SmartcarErrorDetails) -> String {
        var text = "Smartcar: \(d.name) (HTTP \(d.statusCode)): \(d.description)"
        if !d.detail.isEmpty { text += " Details: \(d.detail.joined(separator: "; "))." }
        if let suggested = d.suggestedUserMessage { text += " Customer message: \(suggested)" }
        if let limit = limitHit(d) { return text + " " + limit + d.quotedRequestId }
        switch d.resolutionType {
        case "RETRY_LATER"?:
            text += d.retryAfter.map { " Retry in \($0) s." } ?? " Retry later."
        case "REAUTHENTICATE"?:
            text += " The customer must reconnect (carport reauth)."
        case "CONTACT_SUPPORT"?, "FINANCE"?:
            return text + " Contact Smartcar support" + (d.requestId.map { " quoting request id \($0)." } ?? ".")
        case "ACTION_REQUIRED"?:
            text += " The customer must act first" + (d.resolutionURL.map { ": \($0)" } ?? ".")
        default:
            if let retry = d.retryAfter { text += " Retry in \(retry) s." }
        }
        return text + d.quotedRequestId
    }

    /// A v2 `detail` array as lines: `field: message` when an item has them (`field` a string or a
    /// path of strings, docs/SMARTCAR.md §6.1), else the item's own JSON text.
    static func detailLines(_ value: Any?) -> [String] {
        guard let items = value as? [Any] else { return [] }
        return items.prefix(10).map { item in
            if let object = item as? [String: Any], let message = object["message"] as? String {
                let field =
                    (object["field"] as? String) ?? (object["field"] as? [Any])?.map { "\($0)" }.joined(separator: ".")
                return field.map { "\($0): \(message)" } ?? message
            }
            if let text = item as? String { return text }
            guard JSONSerialization.isValidJSONObject(item) else { return "\(item)" }
            let data = (try? JSONSerialization.data(withJSONObject: item, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Which rate limit was hit and when to try again, in words; nil for other errors.
    private static func limitHit(_ d: SmartcarErrorDetails) -> String? {
        let when = d.retryAfter.map { "try again in \($0) s." } ?? "try again in a few minutes."
        switch (d.type, d.code) {
        case ("UPSTREAM", "RATE_LIMIT"?):
            return "The carmaker's own limit for this vehicle was reached; Carport does not retry it: try again later."
        case ("RATE_LIMIT", "VEHICLE"?): return "Smartcar's request limit for this vehicle was reached; \(when)"
        case ("RATE_LIMIT", _): return "Smartcar's request limit for this application was reached; \(when)"
        default: return nil
        }
    }
}
