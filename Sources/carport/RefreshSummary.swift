import CarportApp
import CarportCore
import Foundation

/// The text `carport refresh` prints when it is done: counts, then one line per connection that
/// needs a look, worded by `RefreshVerdict`, the first `shown` of them (a fleet's round can fail
/// by the thousand; `status --all` names them all).
struct RefreshSummary {
    var run: RefreshRun
    static let shown = 20

    init(_ run: RefreshRun) { self.run = run }

    var lines: [String] {
        let counts = Dictionary(grouping: run.results, by: \.result.outcome).mapValues(\.count)
        let order: [(RefreshResult.Outcome, String)] = [
            (.refreshed, "refreshed"), (.skipped, "skipped"), (.adopted, "adopted"), (.failed, "failed"),
            (.needsReauth, "need re-auth"), (.answerLost, "answer lost"),
        ]
        let counted = order.map { "\(counts[$0.0] ?? 0) \($0.1)" }.joined(separator: ", ")
        let picked = String(format: "%.2f", run.pickSeconds)
        var lines = ["\(counted) in \(String(format: "%.2f", run.seconds)) s (picked in \(picked) s)."]
        var named = 0
        for (result, verdict) in run.results.sorted(by: { $0.result.connectionId < $1.result.connectionId }) {
            guard result.interruptedAt != nil || result.isFailure || result.outcome == .adopted else { continue }
            named += 1
            guard named <= Self.shown else { continue }
            if let at = result.interruptedAt {
                let found =
                    result.outcome == .refreshed ? "refreshed it successfully" : "found: \(result.outcome.rawValue)"
                lines.append(
                    "  \(result.connectionId) (\(verdict.customer)): an earlier refresh, started \(Format.utc(at)), was "
                        + "interrupted mid-request; this run \(found).")
            }
            if result.isFailure || result.outcome == .adopted {
                lines.append("  \(result.connectionId): \(verdict.message)")
            }
        }
        if named > Self.shown {
            lines.append(
                "  … and \(Format.count(named - Self.shown)) more; `carport status --all` names every connection that needs a look."
            )
        }
        return lines
    }
}
