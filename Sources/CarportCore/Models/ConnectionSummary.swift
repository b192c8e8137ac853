import Foundation

/// The half of a connection that health and due-ness are computed from: its token timestamps
/// and refresh state, without any secret. A store can read it for every row without opening a
/// sealed value (`ConnectionStore.connectionSummaries()`).
public struct TokenState: Sendable, Equatable {
    public var issuedAt: Date
    public var accessExpiresAt: Date
    public var refreshExpiresAt: Date
    public var lastRefresh: RefreshRecord?
    public var reauthReason: String?

    public init(
        issuedAt: Date, accessExpiresAt: Date, refreshExpiresAt: Date,
        lastRefresh: RefreshRecord? = nil, reauthReason: String? = nil
    ) {
        self.issuedAt = issuedAt
        self.accessExpiresAt = accessExpiresAt
        self.refreshExpiresAt = refreshExpiresAt
        self.lastRefresh = lastRefresh
        self.reauthReason = reauthReason
    }
}

/// A connection without its secrets: id, customer label, mode, the scopes granted at Connect and
/// the token state. Enough to list, show and pick what to refresh; the UI holds only these.
public struct ConnectionSummary: Sendable, Equatable, Identifiable {
    public var id: String
    public var customer: String
    public var mode: ConnectMode
    public var scopes: [String]
    public var state: TokenState

    public init(id: String, customer: String, mode: ConnectMode, scopes: [String], state: TokenState) {
        self.id = id
        self.customer = customer
        self.mode = mode
        self.scopes = scopes
        self.state = state
    }
}

extension ConnectionSummary {
    /// By customer label (ignoring case), then id: the order lists and reports use.
    public static func byCustomer(_ a: ConnectionSummary, _ b: ConnectionSummary) -> Bool {
        (a.customer.lowercased(), a.id) < (b.customer.lowercased(), b.id)
    }
}

extension Connection {
    public var tokenState: TokenState {
        TokenState(
            issuedAt: tokens.issuedAt, accessExpiresAt: tokens.accessExpiresAt,
            refreshExpiresAt: tokens.refreshExpiresAt, lastRefresh: lastRefresh, reauthReason: reauthReason)
    }

    public var summary: ConnectionSummary {
        ConnectionSummary(id: id, customer: customer, mode: mode, scopes: scopes, state: tokenState)
    }
}
