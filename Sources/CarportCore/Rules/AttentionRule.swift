import Foundation

/// When a connection calls for an operator's attention, and what `carport status` exits with: a
/// health state that needs a look (anything but healthy, access expiring or access expired: an
/// expired access token alone is routine, the next refresh renews it), or a refresh runway that
/// ends within `window` (a v3 connection has none).
public struct AttentionRule: Sendable {
    public var window: TimeInterval?
    public var policy: HealthPolicy

    public init(window: TimeInterval? = nil, policy: HealthPolicy = .standard) {
        self.window = window
        self.policy = policy
    }

    public func needsAttention(_ connection: ConnectionSummary, at now: Date) -> Bool {
        policy.health(of: connection.state, at: now).needsAttention
            || window.flatMap { w in connection.state.tokens.map { $0.refreshExpiresAt.timeIntervalSince(now) <= w } }
                ?? false
    }

    /// 4 when a connection needs re-authentication, else 3 when one needs attention, else 0.
    public func exitCode(_ connections: [ConnectionSummary], at now: Date) -> Int32 {
        if connections.contains(where: { policy.health(of: $0.state, at: now) == .needsReauth }) { return 4 }
        return connections.contains { needsAttention($0, at: now) } ? 3 : 0
    }
}
