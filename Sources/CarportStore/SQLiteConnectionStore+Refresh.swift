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
            // A pair saved by this process since the store was opened (a long-running UI) goes
            // in before the row is read, so the token it replaced is never sent again.
            for sentence in try adoptRecoveredPairs(of: connectionId) {
                FileHandle.standardError.write(Data("carport: \(sentence)\n".utf8))
            }
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
        _ = try await self.record(
            connectionId, replacing: nil, tokens: tokens, record: record, reauthReason: reauthReason)
    }

    /// The conditional form: the stored refresh token is compared with `replacing` inside the
    /// write's own transaction, so nothing can slip in between the check and the write.
    public func recordRefresh(
        connectionId: String, replacing: Secret, tokens: TokenPair?, record: RefreshRecord,
        reauthReason: String?
    ) async throws -> PairWrite {
        try await self.record(
            connectionId, replacing: replacing, tokens: tokens, record: record, reauthReason: reauthReason)
    }

    private func record(
        _ connectionId: String, replacing: Secret?, tokens: TokenPair?, record: RefreshRecord, reauthReason: String?
    ) async throws -> PairWrite {
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
        let superseded = SupersededFlag()
        try await StoreError.translating {
            try await batcher.write(durable: record.outcome != .inFlight) { db in
                var row = arguments
                var audit = audit
                if let replacing {
                    let stored = try self.storedRefreshToken(db, id: connectionId, sealer: self.keys.sealer(for: db))
                    // Stored already: an earlier attempt's commit landed though its answer was lost.
                    if let tokens, stored == tokens.refreshToken { return }
                    if stored != replacing {
                        superseded.value = true
                        return
                    }
                }
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
        return superseded.value ? .superseded : .written
    }

    /// The stored refresh token of `id`; throws `.notFound` when the row is gone.
    func storedRefreshToken(_ db: Database, id: String, sealer: Sealer) throws -> Secret {
        guard
            let blob = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT refresh_token FROM connections WHERE id = ?"), arguments: [id])
        else { throw Self.unknownConnection(id) }
        return try sealer.openSecret(blob, at: .connection(id, "refresh_token"))
    }

    private static let recordOnly = """
        UPDATE connections SET last_refresh_at = :at, last_refresh_outcome = :outcome,
            last_refresh_message = :message, reauth_reason = coalesce(:reason, reauth_reason),
            updated_at = max(:now, created_at)
        WHERE id = :id
        """

    static let recordWithTokens = """
        UPDATE connections SET access_token = :access_token, refresh_token = :refresh_token,
            issued_at = :issued_at, access_expires_at = :access_expires_at, refresh_expires_at = :refresh_expires_at,
            last_refresh_at = :at, last_refresh_outcome = :outcome, last_refresh_message = :message,
            reauth_reason = :reason, updated_at = max(:now, created_at)
        WHERE id = :id
        """
}

/// Set inside a batched write (on the batcher's queue) and read after it returned.
private final class SupersededFlag: @unchecked Sendable {
    var value = false
}
