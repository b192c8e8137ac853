import Foundation

/// Committing a new pair (docs/SMARTCAR.md §4.5): the pair is the connection's only future once
/// Smartcar rotated, so a failed commit is retried, and the pair is saved sealed for the next
/// run as soon as the first attempt fails (so it also survives the process ending mid-retry).
extension RefreshEngine {
    func commit(
        _ pair: TokenPair, row: Connection, spent: Secret, attempt: Date,
        result: (RefreshResult.Outcome, String?) -> RefreshResult
    ) async -> RefreshResult {
        var savedTo: String?
        var saveFailure: String?
        var reason = ""
        for delay in [nil] + store.pairCommitRetryDelays.map(Optional.some) {
            if let delay { try? await Task.sleep(for: delay) }
            do {
                let written = try await store.recordRefresh(
                    connectionId: row.id, replacing: spent, tokens: pair,
                    record: RefreshRecord(attemptedAt: attempt, outcome: .succeeded), reauthReason: nil)
                if let savedTo { await store.forgetUnstoredPair(at: savedTo) }
                guard written == .written else {
                    return result(
                        .adopted,
                        "Another pair was stored while this refresh ran (a re-auth or another carport); it is kept and in use."
                    )
                }
                return result(.refreshed, nil)
            } catch {
                reason = (error as? CarportError)?.message ?? "the store refused the write"
                guard savedTo == nil, saveFailure == nil else { continue }
                do {
                    savedTo = try await store.keepUnstoredPair(
                        connectionId: row.id, replacing: spent, tokens: pair, attempt: attempt)
                } catch {
                    saveFailure = (error as? CarportError)?.message ?? "the recovery file could not be written"
                }
            }
        }
        return unstored(row: row, reason: reason, savedTo: savedTo, saveFailure: saveFailure, result: result)
    }

    private func unstored(
        row: Connection, reason: String, savedTo: String?, saveFailure: String?,
        result: (RefreshResult.Outcome, String?) -> RefreshResult
    ) -> RefreshResult {
        let attempts = store.pairCommitRetryDelays.count + 1
        guard let savedTo else {
            return result(
                .answerLost,
                """
                Smartcar issued a new pair but it could not be stored (\(reason), \(attempts) attempts) nor saved \
                for later (\(saveFailure ?? "unknown")); the stored refresh token is spent once Smartcar's grace \
                period ends. Fix the store and run `carport refresh \(row.id)` at once; if that fails the customer \
                must reconnect.
                """)
        }
        var lost = result(
            .answerLost,
            """
            Smartcar issued a new pair but it could not be stored (\(reason), \(attempts) attempts); the new pair \
            was saved to \(savedTo); the next carport command stores it. Fix the store and run any carport \
            command (`carport status`) soon.
            """)
        lost.recoveryFile = savedTo
        return lost
    }
}
