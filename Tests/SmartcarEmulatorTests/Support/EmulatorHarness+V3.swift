import CarportCore
import Foundation

/// Calls of an API v3 app: the app token and requests with `sc-user-id`.
extension EmulatorHarness {
    /// `POST /oauth2/token` with the API credentials by Basic.
    func appTokenReply(secret: String? = nil, form: [(String, String)] = [("grant_type", "client_credentials")])
        async throws -> Reply
    {
        let credentials = Data("\(config.apiClientId):\(secret ?? config.apiClientSecret)".utf8).base64EncodedString()
        return try await request(
            "POST", "/oauth2/token",
            headers: ["Authorization": "Basic \(credentials)", "Content-Type": "application/x-www-form-urlencoded"],
            body: Data(FormEncoding.encode(form).utf8))
    }

    func appToken() async throws -> String {
        let reply = try await appTokenReply()
        guard reply.status == 200, let token = reply.json["access_token"] as? String else {
            throw HarnessError("app token: \(reply.status) \(reply.text)")
        }
        return token
    }

    /// A `/v3` GET with the app token and, when given, `sc-user-id`.
    func v3(_ path: String, token: String, user: String?) async throws -> Reply {
        try await v3("GET", path, token: token, user: user)
    }

    func v3(_ method: String, _ path: String, token: String, user: String?) async throws -> Reply {
        var headers = ["Authorization": "Bearer \(token)"]
        if let user { headers["sc-user-id"] = user }
        return try await request(method, "/v3" + path, headers: headers)
    }

    /// The single item of a v3 `errors[]` body.
    func onlyError(_ reply: Reply) -> [String: Any] {
        let errors = reply.json["errors"] as? [[String: Any]] ?? []
        return errors.count == 1 ? errors[0] : [:]
    }
}
