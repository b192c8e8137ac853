/// The state of a connection, worst first in `severityOrder`: for a classic one its token pair's;
/// a v3 one is `healthy` while Smartcar has it and `needsReauth` once it does not.
public enum Health: String, Sendable, Codable, CaseIterable {
    case healthy
    /// The access token expires within `HealthPolicy.accessExpiringWithin`.
    case accessExpiring = "access-expiring"
    /// The access token has expired: a refresh is due before the next API call.
    case accessExpired = "access-expired"
    /// The refresh token's runway is at most `HealthPolicy.keepAliveWithin`.
    case keepAliveDue = "keep-alive-due"
    /// The runway is at most `HealthPolicy.criticalWithin`.
    case runwayCritical = "runway-critical"
    /// The last refresh failed for a transient reason; the old pair is kept.
    case failing
    /// The pair is dead: the customer has to go through Connect again.
    case needsReauth = "needs-reauth"

    /// Worst first: the order of the status header and of `carport status`. An expired access
    /// token is routine for a quiet vehicle; a shrinking refresh runway is not.
    public static let severityOrder: [Health] = [
        .needsReauth, .runwayCritical, .failing, .keepAliveDue, .accessExpired, .accessExpiring, .healthy,
    ]

    public var severity: Int { Self.severityOrder.count - 1 - Self.severityOrder.firstIndex(of: self)! }

    /// Words shown beside the colour badge.
    public var label: String {
        switch self {
        case .healthy: "healthy"
        case .accessExpiring: "expiring"
        case .accessExpired: "expired"
        case .keepAliveDue: "keep-alive"
        case .runwayCritical: "critical"
        case .failing: "failing"
        case .needsReauth: "re-auth"
        }
    }

    /// What an operator should do about it, in one line.
    public var advice: String {
        switch self {
        case .healthy: "Nothing to do."
        case .accessExpiring: "The access token expires soon; the next refresh renews it."
        case .accessExpired: "The access token has expired; a refresh is due."
        case .keepAliveDue: "Refresh soon to restart the 60-day refresh-token clock."
        case .runwayCritical: "The refresh token dies within days: refresh now or the customer must reconnect."
        case .failing: "The last refresh failed; the old pair is kept and will be retried."
        case .needsReauth: "The customer must reconnect through Smartcar Connect (carport reauth)."
        }
    }

    /// Whether `carport status` should call for attention (exit 3) or re-authentication (exit 4).
    public var needsAttention: Bool { self != .healthy && self != .accessExpiring && self != .accessExpired }
}
