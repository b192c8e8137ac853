import CarportCore
import Foundation
import GRDB

/// The refresh engine's side of the store: the per-connection lock and the durable record.
extension SQLiteConnectionStore {
    public func withRefreshLock<T: Sendable>(
        connectionId: String,
        _ body: @Sendable (Connection) async throws -> T
    ) async throws -> T {
        try await refreshLocks.withLock(connectionId) {
            guard let row = try await connection(id: connectionId) else { throw Self.unknownConnection(connectionId) }
            return try await body(row)
        }
    }

    /// Group-committed (`WriteBatcher`): returns once the transaction holding this write is on
    /// disk; an `inFlight` mark returns once it is in the WAL (see `WriteBatcher` for why).
    public func recordRefresh(
        connectionId: String, tokens: TokenPair?, record: RefreshRecord,
        reauthReason: String?
    ) async throws {
        let arguments: StatementArguments = [
            "id": connectionId, "at": record.attemptedAt.timeIntervalSinceReferenceDate,
            "outcome": record.outcome.rawValue,
            "message": record.message, "reason": reauthReason, "now": clock.now().timeIntervalSinceReferenceDate,
        ]
        let statement = tokens == nil ? Self.recordOnly : Self.recordWithTokens
        let audit =
            record.outcome == .inFlight
            ? nil
            : AuditEntry(
                at: record.attemptedAt, osUser: osUser, action: "refresh", connectionId: connectionId,
                outcome: record.outcome.rawValue, detail: record.message)
        try await StoreError.translating {
            try await batcher.write(durable: record.outcome != .inFlight) { db in
                var row = arguments
                var audit = audit
                if let tokens {
                    let sealer = try self.keys.sealer(for: db)
                    _ = row.append(contentsOf: try self.sealedColumns(tokens, id: connectionId, sealer: sealer))
                    audit?.detail = "new refresh token \(sealer.fingerprint(tokens.refreshToken))"
                }
                try db.cachedStatement(sql: statement).execute(arguments: row)
                guard db.changesCount == 1 else { throw Self.unknownConnection(connectionId) }
                if let audit { try Self.insertAudit(audit, db) }
            }
        }
    }

    private static let recordOnly = """
        UPDATE connections SET last_refresh_at = :at, last_refresh_outcome = :outcome,
            last_refresh_message = :message, reauth_reason = coalesce(:reason, reauth_reason),
            updated_at = max(:now, created_at)
        WHERE id = :id
        """

    private static let recordWithTokens = """
        UPDATE connections SET access_token = :access_token, refresh_token = :refresh_token,
            issued_at = :issued_at, access_expires_at = :access_expires_at, refresh_expires_at = :refresh_expires_at,
            last_refresh_at = :at, last_refresh_outcome = :outcome, last_refresh_message = :message,
            reauth_reason = :reason, updated_at = max(:now, created_at)
        WHERE id = :id
        """
}
