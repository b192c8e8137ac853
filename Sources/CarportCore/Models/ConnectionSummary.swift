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

/// What health is computed from for a v3 connection: no token clocks, only whether Smartcar still
/// has it (`reauthReason` set when it no longer does) and when Smartcar last listed it.
public struct ApplicationState: Sendable, Equatable {
    public var confirmedAt: Date
    public var reauthReason: String?

    public init(confirmedAt: Date, reauthReason: String? = nil) {
        self.confirmedAt = confirmedAt
        self.reauthReason = reauthReason
    }
}

/// A connection's state by kind: a classic pair's clocks, or a v3 connection's presence.
public enum ConnectionState: Sendable, Equatable {
    case tokenPair(TokenState)
    case application(ApplicationState)

    public var kind: ApplicationKind {
        switch self {
        case .tokenPair: .classic
        case .application: .v3
        }
    }

    /// The pair's clocks; nil for a v3 connection.
    public var tokens: TokenState? {
        if case .tokenPair(let tokens) = self { return tokens }
        return nil
    }

    public var reauthReason: String? {
        get {
            switch self {
            case .tokenPair(let tokens): tokens.reauthReason
            case .application(let state): state.reauthReason
            }
        }
        set {
            switch self {
            case .tokenPair(var tokens):
                tokens.reauthReason = newValue
                self = .tokenPair(tokens)
            case .application(var state):
                state.reauthReason = newValue
                self = .application(state)
            }
        }
    }
}

/// A connection without its secrets: id, customer label, mode, the scopes granted at Connect and
/// its state. Enough to list, show and pick what to refresh; the UI holds only these.
public struct ConnectionSummary: Sendable, Equatable, Identifiable {
    public var id: String
    public var customer: String
    public var mode: ConnectMode
    public var scopes: [String]
    public var state: ConnectionState

    public init(id: String, customer: String, mode: ConnectMode, scopes: [String], state: ConnectionState) {
        self.id = id
        self.customer = customer
        self.mode = mode
        self.scopes = scopes
        self.state = state
    }

    public var kind: ApplicationKind { state.kind }
}

extension ConnectionSummary {
    /// By customer label (ignoring case), then id: the order lists and reports use.
    public static func byCustomer(_ a: ConnectionSummary, _ b: ConnectionSummary) -> Bool {
        (a.customer.lowercased(), a.id) < (b.customer.lowercased(), b.id)
    }
}

extension Connection {
    public var state: ConnectionState {
        switch credentials {
        case .tokenPair(let tokens):
            .tokenPair(
                TokenState(
                    issuedAt: tokens.issuedAt, accessExpiresAt: tokens.accessExpiresAt,
                    refreshExpiresAt: tokens.refreshExpiresAt, lastRefresh: lastRefresh, reauthReason: reauthReason))
        case .application(let confirmedAt):
            .application(ApplicationState(confirmedAt: confirmedAt, reauthReason: reauthReason))
        }
    }

    public var summary: ConnectionSummary {
        ConnectionSummary(id: id, customer: customer, mode: mode, scopes: scopes, state: state)
    }
}
