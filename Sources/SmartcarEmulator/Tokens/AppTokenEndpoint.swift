import Foundation

/// `POST /oauth2/token` of Smartcar's IAM service (docs/SMARTCAR.md §10.2): `grant_type=client_credentials`
/// with the API client id and secret by Basic, as form fields or in a JSON body.
struct AppTokenEndpoint: Sendable {
    static let path = "/oauth2/token"

    let state: EmulatorState
    let tokens: TokenEndpoint

    func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard request.method == "POST" else {
            return tokens.failure(
                OAuthFailure(
                    status: 405, error: "invalid_request",
                    description: "Use POST with grant_type=client_credentials for /oauth2/token."))
        }
        let fields = Self.fields(of: request)
        let basic = request.basicCredentials
        do throws(OAuthFailure) {
            try await state.checkAPIClient(
                id: basic?.user ?? fields["client_id"], secret: basic?.password ?? fields["client_secret"])
            switch fields["grant_type"] {
            case "client_credentials": return .json(200, await state.issueAppToken())
            case nil:
                throw OAuthFailure(status: 400, error: "invalid_request", description: "Missing parameter: grant_type.")
            case let other?:
                throw OAuthFailure(
                    status: 400, error: "unsupported_grant_type",
                    description: "Unsupported grant_type: \(other). Use client_credentials.")
            }
        } catch {
            await state.countTokenError()
            return tokens.failure(error)
        }
    }

    /// The body's string fields: JSON when the body is a JSON object, the form otherwise.
    private static func fields(of request: EmulatorRequest) -> [String: String] {
        if let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] {
            return object.compactMapValues { $0 as? String }
        }
        return Dictionary(request.form, uniquingKeysWith: { first, _ in first })
    }
}
