import Foundation

/// The thresholds of the health rules (issue 2): access expiring within 10 minutes,
/// keep-alive when the refresh runway is 14 days or less, critical at 3 days or less.
public struct HealthPolicy: Sendable, Equatable {
    public var accessExpiringWithin: TimeInterval
    public var keepAliveWithin: TimeInterval
    public var criticalWithin: TimeInterval

    public static let standard = HealthPolicy(
        accessExpiringWithin: 10 * 60, keepAliveWithin: 14 * 86_400, criticalWithin: 3 * 86_400)

    public init(accessExpiringWithin: TimeInterval, keepAliveWithin: TimeInterval, criticalWithin: TimeInterval) {
        self.accessExpiringWithin = accessExpiringWithin
        self.keepAliveWithin = keepAliveWithin
        self.criticalWithin = criticalWithin
    }

    /// The health of `connection` at `now`. Computed from stored timestamps only: no API call.
    public func health(of connection: Connection, at now: Date) -> Health {
        health(of: connection.state, at: now)
    }

    /// A v3 connection has no clocks: healthy while Smartcar has it, re-auth once it does not.
    public func health(of state: ConnectionState, at now: Date) -> Health {
        switch state {
        case .tokenPair(let tokens): health(of: tokens, at: now)
        case .application(let state): state.reauthReason == nil ? .healthy : .needsReauth
        }
    }

    public func health(of tokens: TokenState, at now: Date) -> Health {
        if tokens.reauthReason != nil || now >= tokens.refreshExpiresAt { return .needsReauth }
        if tokens.lastRefresh?.outcome == .revoked { return .needsReauth }
        let runway = tokens.refreshExpiresAt.timeIntervalSince(now)
        if runway <= criticalWithin { return .runwayCritical }
        if let outcome = tokens.lastRefresh?.outcome,
            outcome == .transientFailure || outcome == .answerLost || outcome == .inFlight
        {
            return .failing
        }
        if runway <= keepAliveWithin { return .keepAliveDue }
        if now >= tokens.accessExpiresAt { return .accessExpired }
        if tokens.accessExpiresAt.timeIntervalSince(now) <= accessExpiringWithin { return .accessExpiring }
        return .healthy
    }

    /// Whether the refresh engine should refresh `connection` at `now`: the access token is
    /// expiring or expired, the refresh runway calls for a keep-alive, or the last attempt ended
    /// without a known result (`answerLost`, `inFlight`): retrying at once gives the best chance
    /// inside the server's grace window for the old refresh token. A dead pair is never due.
    public func refreshIsDue(_ connection: Connection, at now: Date) -> Bool {
        refreshIsDue(connection.state, at: now)
    }

    /// A v3 connection is never due: it has no pair.
    public func refreshIsDue(_ state: ConnectionState, at now: Date) -> Bool {
        state.tokens.map { refreshIsDue($0, at: now) } ?? false
    }

    public func refreshIsDue(_ tokens: TokenState, at now: Date) -> Bool {
        if health(of: tokens, at: now) == .needsReauth { return false }
        if let outcome = tokens.lastRefresh?.outcome, outcome == .answerLost || outcome == .inFlight {
            return true
        }
        return tokens.accessExpiresAt.timeIntervalSince(now) <= accessExpiringWithin
            || tokens.refreshExpiresAt.timeIntervalSince(now) <= keepAliveWithin
    }
}
