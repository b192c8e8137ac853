import CarportCore
import CarportStore
import Foundation
import PostgresNIO

extension PostgresConnectionStore {
    /// Re-seals the whole team store under `newKey` in one transaction (a writer: every other
    /// writer waits for it, and reads see the old key's values with the old check or the new
    /// with the new). As on SQLite the key goes to `key.new` first and over `key` after the
    /// commit. Other machines need a copy of the new key: theirs no longer opens the store.
    public func rekey(to newKey: StoreKey) async throws -> Int {
        try await withLock("carport rekey") {
            await adoptRecoveredPairs()
            guard recovery.pending().isEmpty else {
                throw CarportError(
                    .store,
                    "Pairs saved in \(recovery.folder.path) could not be stored yet; fix the store (carport doctor) and run carport rekey again. Nothing was re-sealed."
                )
            }
            try newKey.write(to: files.pendingKey)
            let newSealer = Sealer(key: newKey)
            let audit = AuditEntry(at: clock.now(), osUser: osUser, action: "rekey", outcome: "ok")
            let (count, check) = try await write { c in
                // The key check locked first: writers that seal hold it shared until they commit,
                // so none commits a value sealed under the old key after this one.
                try await Self.run(c, "\(unescaped: Self.keyCheckSQL) FOR UPDATE")
                let oldSealer = try await self.sealer(c)
                let rows = try await Self.rows(
                    c, "SELECT id, access_token, refresh_token FROM connections WHERE kind = 'classic'")
                // A thousand rows per statement: a fleet's rekey holds the writers off for seconds.
                for start in stride(from: 0, to: rows.count, by: 1000) {
                    var ids: [String] = []
                    var sealed: [[ByteBuffer]] = [[], []]
                    for row in rows[start..<min(start + 1000, rows.count)] {
                        let id = try row.text(required: 0)
                        ids.append(id)
                        for (index, column) in [(1, "access_token"), (2, "refresh_token")] {
                            let place = Sealer.Place.connection(id, column)
                            let opened = try oldSealer.open(row.blob(required: index), at: place)
                            sealed[index - 1].append(ByteBuffer(data: try newSealer.seal(opened, at: place)))
                        }
                    }
                    try await Self.run(
                        c,
                        """
                        UPDATE connections c SET access_token = u.access, refresh_token = u.refresh
                        FROM unnest(\(ids)::text[], \(sealed[0])::bytea[], \(sealed[1])::bytea[]) AS u(id, access, refresh)
                        WHERE c.id = u.id
                        """)
                }
                // App tokens are a cache of what the API credentials fetch again in one request.
                try await Self.run(c, "DELETE FROM app_tokens")
                let check = try newSealer.keyCheck()
                try await Self.run(c, "UPDATE meta SET value = \(check) WHERE key = 'key-check'")
                var entry = audit
                entry.detail = "\(rows.count) connections re-sealed"
                try await Self.insertAudit(entry, c)
                return (rows.count, check)
            }
            keys.adopt(check: check, sealer: newSealer)
            try SQLiteConnectionStore.finishRekey(files)
            return count
        }
    }
}
