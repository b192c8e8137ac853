import CarportCore
import Foundation
import SmartcarKit

/// One grant: every access and refresh token descending from one authorization code (or seed)
/// belongs to it, and revoking it kills them all (RFC 9700 §4.14.2).
struct TokenFamily: Sendable {
    var id: String
    var userId: String
    var vehicleIds: [String]
    var scopes: [String]
    var mode: ConnectMode
    var createdAt: Date
    var revoked = false
}

struct AccessRecord: Sendable {
    var familyId: String
    var expiresAt: Date
}

struct RefreshTokenRecord: Sendable {
    var familyId: String
    var expiresAt: Date
    /// Set the first time the token is redeemed; it keeps working for the grace window after.
    var usedAt: Date?
}

struct AuthCode: Sendable {
    var clientId: String
    /// The `redirect_uri` the authorize request carried, which the exchange must repeat.
    var redirectURI: String?
    var userId: String
    var vehicleIds: [String]
    var scopes: [String]
    var mode: ConnectMode
    var expiresAt: Date
    var used = false
}

/// An OAuth error answer of docs/SMARTCAR.md §4.4.
struct OAuthFailure: Error, Sendable {
    var status: Int
    var error: String
    var description: String
}

/// An emulated Smartcar user (one connected-services account).
struct SimUser: Sendable {
    var id: String
    var email: String
    var vehicleIds: [String]
    /// Every permission this user has approved for the application on a grant page: with
    /// `approval_prompt=auto`, Connect skips the page when these cover what is asked.
    var approvedScopes: Set<String> = []
}

/// A connection made without Connect (tests, benchmarks, demo seeding).
public struct SeededConnection: Sendable, Codable, Equatable {
    public var userId: String
    public var vehicleIds: [String]
    public var tokens: TokenResponse
    public init(userId: String, vehicleIds: [String], tokens: TokenResponse) {
        self.userId = userId
        self.vehicleIds = vehicleIds
        self.tokens = tokens
    }
}
