import Foundation

/// A v3 application's token (docs/SMARTCAR.md §10): fetched with the API client credentials,
/// good for about an hour, no refresh token. One serves every connection of the app and every
/// process, so it is sealed in the store like a token pair and fetched once per expiry.
public struct AppToken: Sendable, Equatable {
    public var token: Secret
    public var expiresAt: Date

    public init(token: Secret, expiresAt: Date) {
        self.token = token
        self.expiresAt = expiresAt
    }
}
