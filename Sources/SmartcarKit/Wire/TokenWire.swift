import CarportCore

/// `POST /oauth/token` success body (docs/SMARTCAR.md §4.2).
public struct TokenResponse: Codable, Sendable, Equatable {
    public var accessToken: Secret
    public var tokenType: String
    public var expiresIn: Int
    public var refreshToken: Secret

    public init(accessToken: Secret, tokenType: String = "Bearer", expiresIn: Int, refreshToken: Secret) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in"
        case refreshToken = "refresh_token"
    }
}

/// OAuth error body (docs/SMARTCAR.md §4.4): `error_description` is always present.
public struct OAuthErrorBody: Codable, Sendable, Equatable {
    public var error: String
    public var errorDescription: String

    public init(error: String, errorDescription: String) {
        self.error = error
        self.errorDescription = errorDescription
    }

    enum CodingKeys: String, CodingKey { case error, errorDescription = "error_description" }
}
