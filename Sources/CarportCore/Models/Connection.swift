import Foundation

/// One Connect authorisation: the Smartcar user it belongs to, the customer label the operator
/// gave it, and how Carport reaches Smartcar for it (`Credentials`): a classic app's token pair,
/// or a v3 app's application token (docs/CODEBASE.md, glossary: connection).
public struct Connection: Sendable, Equatable, Identifiable {
    public var id: String
    public var smartcarUserId: String
    public var customer: String
    public var mode: ConnectMode
    public var scopes: [String]
    public var credentials: Credentials
    public var lastRefresh: RefreshRecord?
    /// Set when the connection no longer works: for a pair, `invalid_grant`, AUTHENTICATION or the
    /// runway gone; for a v3 connection, Smartcar no longer has it. The customer connects again.
    public var reauthReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, smartcarUserId: String, customer: String, mode: ConnectMode,
        scopes: [String], credentials: Credentials, lastRefresh: RefreshRecord? = nil,
        reauthReason: String? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.smartcarUserId = smartcarUserId
        self.customer = customer
        self.mode = mode
        self.scopes = scopes
        self.credentials = credentials
        self.lastRefresh = lastRefresh
        self.reauthReason = reauthReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// A classic connection with its pair.
    public init(
        id: String, smartcarUserId: String, customer: String, mode: ConnectMode,
        scopes: [String], tokens: TokenPair, lastRefresh: RefreshRecord? = nil,
        reauthReason: String? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.init(
            id: id, smartcarUserId: smartcarUserId, customer: customer, mode: mode, scopes: scopes,
            credentials: .tokenPair(tokens), lastRefresh: lastRefresh, reauthReason: reauthReason,
            createdAt: createdAt, updatedAt: updatedAt)
    }

    /// The pair of a classic connection; nil for a v3 one, which has none.
    public var tokens: TokenPair? {
        if case .tokenPair(let pair) = credentials { return pair }
        return nil
    }

    public var kind: ApplicationKind { credentials.kind }
}

/// How Carport reaches Smartcar for one connection (docs/SMARTCAR.md §10).
public enum Credentials: Sendable, Equatable {
    /// A classic app's pair from the code exchange, which Carport refreshes (Vehicle API v2.0).
    case tokenPair(TokenPair)
    /// A v3 app's connection: no secret of its own, every call carries the application token and
    /// the user id (`sc-user-id`). `confirmedAt` is when Smartcar last listed it (Connect, reconcile).
    case application(confirmedAt: Date)

    public var kind: ApplicationKind {
        switch self {
        case .tokenPair: .classic
        case .application: .v3
        }
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
