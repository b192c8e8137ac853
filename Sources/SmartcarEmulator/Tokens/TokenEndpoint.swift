import Foundation
import SmartcarKit

/// `POST /oauth/token`: client credentials from Basic, the form body or the query string.
struct TokenEndpoint: Sendable {
    let state: EmulatorState

    func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard request.method == "POST" else {
            return failure(
                OAuthFailure(
                    status: 405, error: "invalid_request",
                    description: "Use POST with a form body for /oauth/token."))
        }
        let basic = request.basicCredentials
        let clientId = basic?.user ?? request.formValue("client_id") ?? request.query("client_id")
        let secret = basic?.password ?? request.formValue("client_secret") ?? request.query("client_secret")
        do {
            try await state.checkClient(id: clientId, secret: secret)
            let tokens = try await grant(request)
            return .json(200, tokens)
        } catch {
            await state.countTokenError()
            return failure(error)
        }
    }

    private func grant(_ request: EmulatorRequest) async throws(OAuthFailure) -> TokenResponse {
        switch request.formValue("grant_type") {
        case "authorization_code":
            guard let code = request.formValue("code"), !code.isEmpty else {
                throw OAuthFailure(status: 400, error: "invalid_request", description: "Missing parameter: code.")
            }
            return try await state.exchange(code: code, redirectURI: request.formValue("redirect_uri"))
        case "refresh_token":
            guard let token = request.formValue("refresh_token"), !token.isEmpty else {
                throw OAuthFailure(
                    status: 400, error: "invalid_request",
                    description: "Missing parameter: refresh_token.")
            }
            return try await state.refresh(token: token)
        case nil:
            throw OAuthFailure(status: 400, error: "invalid_request", description: "Missing parameter: grant_type.")
        case let other?:
            throw OAuthFailure(
                status: 400, error: "unsupported_grant_type",
                description: "Unsupported grant_type: \(other). Use authorization_code or refresh_token.")
        }
    }

    func failure(_ failure: OAuthFailure) -> EmulatorResponse {
        .json(failure.status, OAuthErrorBody(error: failure.error, errorDescription: failure.description))
    }
}
