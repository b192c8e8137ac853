import Foundation

/// App tokens of API v3 (docs/SMARTCAR.md §10.2): client credentials, one token for every user
/// and vehicle, `appTokenLifetime` seconds, no refresh token.
extension EmulatorState {
    func checkAPIClient(id: String?, secret: String?) throws(OAuthFailure) {
        try Self.checkCredentials(id: id, secret: secret, expected: (config.apiClientId, config.apiClientSecret))
    }

    func issueAppToken() -> IssuedAppToken {
        let token = uuid()
        appTokens[token] = now().addingTimeInterval(TimeInterval(config.appTokenLifetime))
        counters.appTokens += 1
        return IssuedAppToken(accessToken: token, tokenType: "Bearer", expiresIn: config.appTokenLifetime)
    }

    /// Forgets an app token; false when it was never issued (or already forgotten).
    func invalidateAppToken(_ token: String) -> Bool {
        appTokens.removeValue(forKey: token) != nil
    }

    /// True for an app token this emulator issued that has not expired.
    func isLiveAppToken(_ token: String) -> Bool {
        guard let expiresAt = appTokens[token] else { return false }
        return expiresAt > now()
    }
}

/// `POST /oauth2/token`'s answer: exactly these three keys, no refresh token.
struct IssuedAppToken: Codable, Sendable {
    var accessToken: String
    var tokenType: String
    var expiresIn: Int

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in"
    }
}
