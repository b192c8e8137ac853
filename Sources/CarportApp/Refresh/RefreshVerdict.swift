import CarportCore
import CarportTUI
import Foundation

/// What one refresh outcome means to an operator: the sentence, its colour role, the exit code of
/// `carport refresh`, and the error a caller that needed a usable pair throws. The one mapping of
/// `RefreshResult.Outcome`, used by `carport refresh`, `show --live`, lock, unlock, disconnect and
/// the TUI's status line.
public struct RefreshVerdict: Sendable, Equatable {
    public let outcome: RefreshResult.Outcome
    public let customer: String
    public let message: String
    public let role: Role
    /// 0, 3 (transient), 4 (re-auth needed) or 5 (answer lost); the worst of a run is its exit code.
    public let exitCode: Int32
    /// Nil when the stored pair is usable afterwards.
    public let error: CarportError?

    public init(_ result: RefreshResult, customer: String) {
        outcome = result.outcome
        self.customer = customer
        let id = result.connectionId
        let detail = result.message.map(Self.sentence)
        switch result.outcome {
        case .refreshed:
            (message, role, exitCode, error) = ("Refreshed \(customer).", .healthy, 0, nil)
        case .skipped:
            (message, role, exitCode, error) = (
                "Nothing to refresh for \(customer): \(detail ?? "not due.")", .dim, 0, nil
            )
        case .adopted:
            (message, role, exitCode, error) = (
                "\(customer): another carport had already stored a newer pair, which is now in use.", .healthy, 0, nil
            )
        case .failed:
            let text = "The refresh of \(customer) failed: \(detail ?? "no reason given.") The old pair is kept."
            (message, role, exitCode, error) = (text, .error, 3, CarportError(.transient, text))
        case .needsReauth:
            let text =
                "\(customer) needs re-authentication: \(detail ?? "the pair was rejected.") "
                + "Run `carport reauth \(id)` (a in the full-screen UI)."
            (message, role, exitCode, error) = (text, .reauth, 4, CarportError(.authorizationRevoked, text))
        case .answerLost where result.recoveryFile != nil:
            let text =
                "The new pair of \(customer) is not in the store yet: \(detail ?? "it was saved for the next run.") "
                + "Run any carport command soon (`carport status`), before Smartcar's grace period ends."
            (message, role, exitCode, error) = (text, .error, 5, CarportError(.answerLost, text))
        case .answerLost:
            let text =
                "The answer to the refresh of \(customer) was lost: \(detail ?? "the refresh token may be spent.") "
                + "Run `carport refresh \(id)` again at once."
            (message, role, exitCode, error) = (text, .error, 5, CarportError(.answerLost, text))
        }
    }

    /// The worst exit code of a run: 0 when nothing failed.
    public static func exitCode(_ verdicts: [RefreshVerdict]) -> Int32 {
        verdicts.map(\.exitCode).max() ?? 0
    }

    /// `text` ending in one full stop.
    static func sentence(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.hasSuffix(".") || trimmed.hasSuffix("?") || trimmed.hasSuffix("!") ? trimmed : trimmed + "."
    }
}
