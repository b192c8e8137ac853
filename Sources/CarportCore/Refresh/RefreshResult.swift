import Foundation

/// How one connection's refresh ended, as `carport refresh` and the TUI report it.
public struct RefreshResult: Sendable, Equatable {
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// A new pair was stored.
        case refreshed
        /// Nothing to do: not due, or another carport refreshed it after this run began.
        case skipped
        /// Smartcar rejected our pair, but another carport had already stored a newer one.
        case adopted
        /// Network, 5xx, rate limit or another non-fatal error: the old pair is kept.
        case failed
        /// The pair is dead; the customer must reconnect. The row and the reason are kept.
        case needsReauth = "needs-reauth"
        /// The request may have reached Smartcar but its answer was lost, or the answer could not
        /// be stored: the stored refresh token may be spent.
        case answerLost = "answer-lost"
    }

    public var connectionId: String
    public var outcome: Outcome
    /// A redacted sentence for the operator.
    public var message: String?
    /// When a previous refresh of this connection was interrupted mid-request (a process died
    /// after sending it), found and reported by this run.
    public var interruptedAt: Date?
    /// Where a new pair the store could not take was saved, sealed, for the next run to adopt.
    public var recoveryFile: String?

    public init(
        connectionId: String, outcome: Outcome, message: String? = nil, interruptedAt: Date? = nil,
        recoveryFile: String? = nil
    ) {
        self.connectionId = connectionId
        self.outcome = outcome
        self.message = message
        self.interruptedAt = interruptedAt
        self.recoveryFile = recoveryFile
    }

    /// A v3 connection's: it has no pair, so there is nothing to refresh.
    public static func noPair(_ connectionId: String) -> RefreshResult {
        RefreshResult(
            connectionId: connectionId, outcome: .skipped, message: "A v3 connection has no token pair to refresh.")
    }

    /// Whether the operator must look at it.
    public var isFailure: Bool { outcome == .failed || outcome == .needsReauth || outcome == .answerLost }
}
