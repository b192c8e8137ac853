import CarportCore
import CarportStore
import Foundation
import PostgresNIO

/// Pairs the store could not take (`PairRecovery`): saved on this machine, sealed, and adopted by
/// its next command, as on SQLite. Another machine cannot see them (docs/TEAM-STORE.md,
/// "Recovery files"), which is why a pair's commit is retried for longer on PostgreSQL.
extension PostgresConnectionStore {
    var recovery: PairRecovery { PairRecovery(home: files.home) }

    public func keepUnstoredPair(connectionId: String, replacing: Secret, tokens: TokenPair, attempt: Date) throws
        -> String
    {
        try recovery.keep(
            connectionId: connectionId, replacing: replacing, tokens: tokens, attempt: attempt, sealer: keys.current)
    }

    public func forgetUnstoredPair(at path: String) {
        recovery.remove(URL(fileURLWithPath: path))
    }

    /// Adopts every saved pair; one that cannot be stored stays for the next run. Returns one
    /// sentence per file.
    @discardableResult
    public func adoptRecoveredPairs() async -> [String] {
        var sentences: [String] = []
        for url in recovery.pending() {
            do {
                if let sentence = try await adoptAndRemove(url) { sentences.append(sentence) }
            } catch {
                sentences.append(
                    "The pair saved in \(url.path) is not stored yet: \((error as? CarportError)?.message ?? "the store could not take it.") The next carport command tries again."
                )
            }
        }
        return sentences
    }

    /// The saved pairs of one connection, adopted under its refresh lock before the row is read.
    func adoptRecoveredPairs(of connectionId: String) async throws -> [String] {
        let prefix = PairRecovery.fileSafe(connectionId) + "-"
        var sentences: [String] = []
        for url in recovery.pending() where url.lastPathComponent.hasPrefix(prefix) {
            do {
                if let sentence = try await adoptAndRemove(url) { sentences.append(sentence) }
            } catch {
                throw CarportError(
                    .store,
                    "A new pair of \(connectionId) saved in \(url.path) cannot be stored yet (\((error as? CarportError)?.message ?? "the store could not take it")); nothing was sent to Smartcar. Fix the store and run carport again."
                )
            }
        }
        return sentences
    }

    private func adoptAndRemove(_ url: URL) async throws -> String? {
        let now = clock.now()
        let osUser = osUser
        let sentence = try await write { c -> String? in
            // Inside the transaction: a carport that adopted this file committed first and then
            // deleted it, so a file gone by now was adopted, not lost.
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            let sealer = try await self.sealer(c)
            let saved = try self.recovery.read(url, sealer: sealer)
            let id = saved.connectionId
            let classic =
                try await Self.value(
                    c, "SELECT true FROM connections WHERE id = \(id) AND kind = 'classic'", as: Bool.self) != nil
            let verdict = PairRecovery.verdict(
                saved, url: url, stored: classic ? try await self.storedRefreshToken(c, id: id, sealer: sealer) : nil)
            if verdict.adopt {
                let pair = try SealedPair(saved.tokens, id: id, sealer: sealer)
                try await Self.run(
                    c,
                    """
                    UPDATE connections SET access_token = \(pair.accessToken), refresh_token = \(pair.refreshToken),
                        issued_at = \(pair.issuedAt), access_expires_at = \(pair.accessExpiresAt),
                        refresh_expires_at = \(pair.refreshExpiresAt),
                        last_refresh_at = \(saved.attempt.timeIntervalSinceReferenceDate),
                        last_refresh_outcome = 'succeeded', last_refresh_message = \(verdict.sentence),
                        reauth_reason = NULL, in_flight_holder = NULL, in_flight_until = NULL,
                        updated_at = GREATEST(\(now.timeIntervalSinceReferenceDate), created_at)
                    WHERE id = \(id)
                    """)
            }
            try await Self.insertAudit(
                AuditEntry(
                    at: now, osUser: osUser, action: "recovery", connectionId: id, outcome: verdict.outcome,
                    detail: verdict.sentence), c)
            return verdict.sentence
        }
        if sentence != nil { recovery.remove(url) }
        return sentence
    }
}
