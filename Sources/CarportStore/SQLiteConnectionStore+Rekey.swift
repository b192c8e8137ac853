import CarportCore
import Foundation
import GRDB

extension SQLiteConnectionStore {
    /// Re-seals every secret under a new key in one transaction. The new key is written to
    /// `key.new` first and renamed over `key` after the commit; `open` finishes a rekey that a
    /// crash interrupted in between. Returns how many connections were re-sealed.
    /// The store must be reopened afterwards.
    public func rekey(to newKey: StoreKey = .generate()) async throws -> Int {
        try newKey.write(to: files.pendingKey)
        let newSealer = Sealer(key: newKey)
        let oldSealer = sealer
        let osUser = osUser
        let now = clock.now()
        let count = try await write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, access_token, refresh_token FROM connections")
            for row in rows {
                let id: String = row["id"]
                var sealed: [String: Data] = [:]
                for column in ["access_token", "refresh_token"] {
                    let place = Sealer.Place.connection(id, column)
                    sealed[column] = try newSealer.seal(try oldSealer.open(row[column], at: place), at: place)
                }
                try db.execute(sql: "UPDATE connections SET access_token = ?, refresh_token = ? WHERE id = ?",
                               arguments: [sealed["access_token"], sealed["refresh_token"], id])
            }
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'key-check'", arguments: [try newSealer.keyCheck()])
            try Self.insertAudit(AuditEntry(at: now, osUser: osUser, action: "rekey", outcome: "ok",
                                            detail: "\(rows.count) connections re-sealed"), db)
            return rows.count
        }
        try Self.finishRekey(files)
        return count
    }
}
