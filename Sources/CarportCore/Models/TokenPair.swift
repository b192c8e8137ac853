import Foundation

/// One access/refresh token pair as the token service issued it (docs/SMARTCAR.md §4.2, §4.3).
public struct TokenPair: Sendable, Equatable {
    /// Refresh tokens live 60 days from issue; the token service does not say so, every SDK assumes it.
    public static let refreshLifetime: TimeInterval = 60 * 24 * 3600

    public var accessToken: Secret
    public var refreshToken: Secret
    public var issuedAt: Date
    public var accessExpiresAt: Date
    public var refreshExpiresAt: Date

    public init(
        accessToken: Secret, refreshToken: Secret, issuedAt: Date,
        accessExpiresAt: Date, refreshExpiresAt: Date
    ) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.issuedAt = issuedAt
        self.accessExpiresAt = accessExpiresAt
        self.refreshExpiresAt = refreshExpiresAt
    }

    /// A pair issued at `issuedAt` whose access token lives `expiresIn` seconds.
    public init(accessToken: Secret, refreshToken: Secret, expiresIn: Int, issuedAt: Date) {
        self.init(
            accessToken: accessToken, refreshToken: refreshToken, issuedAt: issuedAt,
            accessExpiresAt: issuedAt.addingTimeInterval(TimeInterval(expiresIn)),
            refreshExpiresAt: issuedAt.addingTimeInterval(Self.refreshLifetime))
    }
}
