import CarportApp
import CarportCore
import Foundation

/// The text `carport refresh` prints when it is done, and its exit code.
struct RefreshSummary {
    var results: [RefreshResult]
    var customers: [String: String]
    /// How long the refreshes took, from the first lock to the last commit.
    var seconds: TimeInterval

    var text: String {
        let counts = Dictionary(grouping: results, by: \.outcome).mapValues(\.count)
        let order: [(RefreshResult.Outcome, String)] = [
            (.refreshed, "refreshed"), (.skipped, "skipped"), (.adopted, "adopted"), (.failed, "failed"),
            (.needsReauth, "need re-auth"), (.answerLost, "answer lost"),
        ]
        let counted = order.map { "\(counts[$0.0] ?? 0) \($0.1)" }.joined(separator: ", ")
        var lines = ["\(counted) in \(String(format: "%.2f", seconds)) s."]
        for result in results.sorted(by: { $0.connectionId < $1.connectionId }) {
            let who = "\(result.connectionId) (\(customers[result.connectionId] ?? "?"))"
            if let at = result.interruptedAt {
                lines.append(
                    "  \(who): an earlier refresh, started \(Self.time(at)), was interrupted mid-request; "
                        + "this run \(result.outcome == .refreshed ? "refreshed it successfully" : "found: \(result.outcome.rawValue)")."
                )
            }
            if result.isFailure || result.outcome == .adopted {
                lines.append("  \(who): \(result.outcome.rawValue): \(result.message ?? "")")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// 0, or the worst of 3 (transient), 4 (re-auth), 5 (answer lost).
    static func exitCode(_ results: [RefreshResult]) -> Int32 {
        results.reduce(Int32(0)) { worst, result in
            let code: Int32 =
                switch result.outcome {
                case .refreshed, .skipped, .adopted: 0
                case .failed: 3
                case .needsReauth: 4
                case .answerLost: 5
                }
            return max(worst, code)
        }
    }

    private static func time(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
