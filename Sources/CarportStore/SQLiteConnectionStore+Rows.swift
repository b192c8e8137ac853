import CarportCore
import Foundation
import GRDB

/// GRDB's rows read by position for the shared mapping (`StoredRows`).
extension Row: StoredRow {
    package func text(_ index: Int) -> String? { self[index] }
    package func number(_ index: Int) -> Double? { self[index] }
    package func integer(_ index: Int) -> Int? { self[index] }
    package func blob(_ index: Int) -> Data? { self[index] }
}

/// The sealed and kind-dependent columns as GRDB arguments, and the audit row (the mapping from
/// rows to models is `StoredRows`, shared with PostgreSQL).
extension SQLiteConnectionStore {
    /// The columns that say how `credentials` reach Smartcar: the kind, then a pair's sealed
    /// columns or a v3 connection's `confirmed_at` (every other one NULL), ready for a statement.
    func credentialColumns(_ credentials: Credentials, id: String, sealer: Sealer) throws -> StatementArguments {
        switch credentials {
        case .tokenPair(let tokens):
            var columns = try sealedColumns(tokens, id: id, sealer: sealer)
            _ = columns.append(contentsOf: ["kind": "classic", "confirmed_at": nil])
            return columns
        case .application(let confirmedAt):
            return [
                "kind": "v3", "confirmed_at": confirmedAt.timeIntervalSinceReferenceDate, "access_token": nil,
                "refresh_token": nil, "issued_at": nil, "access_expires_at": nil, "refresh_expires_at": nil,
            ]
        }
    }

    /// The sealed token columns of `tokens` for connection `id`, ready for a statement.
    func sealedColumns(_ tokens: TokenPair, id: String, sealer: Sealer) throws -> StatementArguments {
        let pair = try SealedPair(tokens, id: id, sealer: sealer)
        return [
            "access_token": pair.accessToken, "refresh_token": pair.refreshToken, "issued_at": pair.issuedAt,
            "access_expires_at": pair.accessExpiresAt, "refresh_expires_at": pair.refreshExpiresAt,
        ]
    }

    static func insertAudit(_ entry: AuditEntry, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO audit_log (at, os_user, host, action, connection_id, vehicle_id, outcome, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            entry.at.timeIntervalSinceReferenceDate, entry.osUser, entry.host, entry.action, entry.connectionId,
            entry.vehicleId, entry.outcome, entry.detail,
        ])
    }
}
