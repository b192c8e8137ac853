import CarportCore
import Foundation
import GRDB

/// v3 app tokens (migration v5), sealed like a pair, and their lock: a byte of the refresh lock
/// file, whose ids (`app-token:<client id>`) never collide with a connection's.
extension SQLiteConnectionStore {
    public func appToken(clientId: String) async throws -> AppToken? {
        try await read { db in
            let sealer = try self.keys.sealer(for: db)
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT token, expires_at FROM app_tokens WHERE client_id = ?", arguments: [clientId])
            else { return nil }
            return AppToken(
                token: try sealer.openSecret(row["token"], at: .appToken(clientId)),
                expiresAt: Date(timeIntervalSinceReferenceDate: row["expires_at"]))
        }
    }

    public func storeAppToken(_ token: AppToken, clientId: String) async throws {
        let now = clock.now().timeIntervalSinceReferenceDate
        try await write { db in
            let sealed = try self.keys.sealer(for: db).seal(token.token, at: .appToken(clientId))
            try db.execute(
                sql: """
                    INSERT INTO app_tokens (client_id, token, expires_at, fetched_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (client_id) DO UPDATE SET
                        token = excluded.token, expires_at = excluded.expires_at, fetched_at = excluded.fetched_at
                    """,
                arguments: [clientId, sealed, token.expiresAt.timeIntervalSinceReferenceDate, now])
        }
    }

    public func withAppTokenLock<T: Sendable>(clientId: String, _ body: @Sendable () async throws -> T)
        async throws -> T
    {
        try await refreshLocks.withLock("app-token:\(clientId)", body)
    }
}
