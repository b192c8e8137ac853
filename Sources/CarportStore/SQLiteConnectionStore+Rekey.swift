import CarportCore
import Foundation
import GRDB

extension SQLiteConnectionStore {
    /// Re-seals every secret under a new key in one transaction. The new key is written to
    /// `key.new` first and renamed over `key` after the commit; `open` finishes a rekey that a
    /// crash interrupted in between. Two rekeys never overlap (they share `key.new`): each holds
    /// a lock file byte of its own. Returns how many connections were re-sealed.
    public func rekey(to newKey: StoreKey) async throws -> Int {
        try await refreshLocks.withLock("carport rekey") { try await rekeyLocked(to: newKey) }
    }

    private func rekeyLocked(to newKey: StoreKey) async throws -> Int {
        // Saved pairs are sealed under the current key: store them first, or refuse, so none is
        // left sealed under a key that is about to be replaced.
        adoptRecoveredPairs()
        guard recovery.pending().isEmpty else {
            throw CarportError(
                .store,
                "Pairs saved in \(files.home.appendingPathComponent("recovery").path) could not be stored yet; "
                    + "fix the store (carport doctor) and run carport rekey again. Nothing was re-sealed.")
        }
        try newKey.write(to: files.pendingKey)
        let newSealer = Sealer(key: newKey)
        let osUser = osUser
        let now = clock.now()
        let (count, check) = try await write { db in
            let oldSealer = try self.keys.sealer(for: db)
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, access_token, refresh_token FROM connections WHERE kind = 'classic'")
            for row in rows {
                let id: String = row["id"]
                var sealed: [String: Data] = [:]
                for column in ["access_token", "refresh_token"] {
                    let place = Sealer.Place.connection(id, column)
                    sealed[column] = try newSealer.seal(try oldSealer.open(row[column], at: place), at: place)
                }
                try db.execute(
                    sql: "UPDATE connections SET access_token = ?, refresh_token = ? WHERE id = ?",
                    arguments: [sealed["access_token"], sealed["refresh_token"], id])
            }
            // App tokens are a cache of what the API credentials fetch again in one request.
            try db.execute(sql: "DELETE FROM app_tokens")
            let check = try newSealer.keyCheck()
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'key-check'", arguments: [check])
            try Self.insertAudit(
                AuditEntry(
                    at: now, osUser: osUser, action: "rekey", outcome: "ok",
                    detail: "\(rows.count) connections re-sealed"), db)
            return (rows.count, check)
        }
        keys.adopt(check: check, sealer: newSealer)
        try Self.finishRekey(files)
        return count
    }
}
