import Foundation

/// One Connect authorisation: one token pair, the Smartcar user it belongs to, and the
/// customer label the operator gave it.
public struct Connection: Sendable, Equatable, Identifiable {
    public var id: String
    public var smartcarUserId: String
    public var customer: String
    public var mode: ConnectMode
    public var scopes: [String]
    public var tokens: TokenPair
    public var lastRefresh: RefreshRecord?
    /// Set when the pair can no longer be refreshed (`invalid_grant`, AUTHENTICATION, runway gone).
    public var reauthReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, smartcarUserId: String, customer: String, mode: ConnectMode,
        scopes: [String], tokens: TokenPair, lastRefresh: RefreshRecord? = nil,
        reauthReason: String? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.smartcarUserId = smartcarUserId
        self.customer = customer
        self.mode = mode
        self.scopes = scopes
        self.tokens = tokens
        self.lastRefresh = lastRefresh
        self.reauthReason = reauthReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The last refresh attempt of a connection and how it ended.
public struct RefreshRecord: Sendable, Equatable {
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// A new pair was stored.
        case succeeded
        /// Network, 5xx or rate limit: the old pair was kept and still works.
        case transientFailure = "transient"
        /// `invalid_grant` or AUTHENTICATION: the pair is dead.
        case revoked
        /// The request may have reached the server but its answer never arrived: the old refresh
        /// token may already be spent.
        case answerLost = "answer-lost"
        /// Written durably just before the request is sent and replaced by the result. Seen
        /// outside the refresh lock, it means a refresher died mid-request: the refresh token may
        /// be spent if the server answered.
        case inFlight = "in-flight"
    }

    public var attemptedAt: Date
    public var outcome: Outcome
    /// A redacted, human-readable reason (never a token).
    public var message: String?

    public init(attemptedAt: Date, outcome: Outcome, message: String? = nil) {
        self.attemptedAt = attemptedAt
        self.outcome = outcome
        self.message = message
    }
}

/// A connection with its vehicles, as a bulk import stores them (`ConnectionStore.importConnections`).
public struct LinkedConnection: Sendable, Equatable {
    public var connection: Connection
    public var vehicles: [Vehicle]

    public init(connection: Connection, vehicles: [Vehicle]) {
        self.connection = connection
        self.vehicles = vehicles
    }
}
