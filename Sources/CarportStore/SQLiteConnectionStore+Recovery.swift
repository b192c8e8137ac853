import CarportCore
import Foundation
import GRDB

/// Pairs the store could not take when Smartcar issued them (`PairRecovery`), and their adoption
/// by the next opening of the store, whatever the command (docs/SMARTCAR.md §4.5).
extension SQLiteConnectionStore {
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

    /// Adopts every saved pair: stored when the row still holds the pair it replaced, dropped when
    /// the row moved on. Each file is deleted once its outcome is committed (with an audit entry);
    /// one that cannot be read or stored stays for the next run. Returns one sentence per file.
    @discardableResult
    public func adoptRecoveredPairs() -> [String] {
        recovery.pending().compactMap { url in
            do {
                return try adoptAndRemove(url)
            } catch {
                return
                    "The pair saved in \(url.path) is not stored yet: \(Self.reason(error)) The next carport command tries again."
            }
        }
    }

    /// The saved pairs of one connection, adopted under its refresh lock before the row is read.
    /// Throws when one cannot be stored: the refresh must then not send the token it replaced.
    func adoptRecoveredPairs(of connectionId: String) throws -> [String] {
        let prefix = PairRecovery.fileSafe(connectionId) + "-"
        return try recovery.pending().filter { $0.lastPathComponent.hasPrefix(prefix) }.compactMap { url in
            do {
                return try adoptAndRemove(url)
            } catch {
                throw CarportError(
                    .store,
                    "A new pair of \(connectionId) saved in \(url.path) cannot be stored yet (\(Self.reason(error))); nothing was sent to Smartcar. Fix the store and run carport again."
                )
            }
        }
    }

    /// Nil when another carport adopted the file first (it is gone).
    private func adoptAndRemove(_ url: URL) throws -> String? {
        guard let sentence = try adoptRecoveredPair(url) else { return nil }
        recovery.remove(url)
        return sentence
    }

    private static func reason(_ error: Error) -> String {
        (error as? CarportError)?.message ?? "the store could not take it."
    }

    private func adoptRecoveredPair(_ url: URL) throws -> String? {
        try StoreError.translating {
            try pool.write { db -> String? in
                // Inside the write transaction: a carport that adopted this file committed first and
                // then deleted it, so a file gone by now was adopted, not lost.
                guard FileManager.default.fileExists(atPath: url.path) else { return nil }
                let sealer = try self.keys.sealer(for: db)
                let saved = try self.recovery.read(url, sealer: sealer)
                let id = saved.connectionId
                let (outcome, sentence) = try self.adoptionOutcome(saved, url: url, db: db, sealer: sealer)
                try Self.insertAudit(
                    AuditEntry(
                        at: self.clock.now(), osUser: self.osUser, action: "recovery", connectionId: id,
                        outcome: outcome, detail: sentence), db)
                return sentence
            }
        }
    }

    /// Writes the saved pair when it still applies; says what happened either way.
    private func adoptionOutcome(_ saved: PairRecovery.Saved, url: URL, db: Database, sealer: Sealer) throws
        -> (outcome: String, sentence: String)
    {
        let id = saved.connectionId
        let classic =
            try Bool.fetchOne(db, sql: "SELECT 1 FROM connections WHERE id = ? AND kind = 'classic'", arguments: [id])
            == true
        let verdict = PairRecovery.verdict(
            saved, url: url, stored: classic ? try storedRefreshToken(db, id: id, sealer: sealer) : nil)
        if verdict.adopt {
            var row: StatementArguments = [
                "id": id, "at": saved.attempt.timeIntervalSinceReferenceDate,
                "outcome": RefreshRecord.Outcome.succeeded.rawValue, "message": verdict.sentence, "reason": nil,
                "now": clock.now().timeIntervalSinceReferenceDate,
            ]
            _ = row.append(contentsOf: try sealedColumns(saved.tokens, id: id, sealer: sealer))
            try db.execute(sql: Self.recordWithTokens, arguments: row)
        }
        return (verdict.outcome, verdict.sentence)
    }
}
