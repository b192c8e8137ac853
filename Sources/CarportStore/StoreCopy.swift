import CarportCore
import Foundation
import GRDB

/// One table of a store as `carport store copy` moves it: the columns both backends have, sealed
/// values verbatim (their additional data names table, row and column, not the backend), in
/// dependency order. Columns only one backend has (the change feed's numbers, the team store's
/// in-flight lease) are left to the target.
package struct CopiedTable: Sendable {
    package var name: String
    package var columns: [String]

    package static let all = [
        CopiedTable(name: "meta", columns: ["key", "value"]),
        CopiedTable(
            name: "connections",
            columns: [
                "id", "smartcar_user_id", "customer", "mode", "scopes", "kind", "access_token", "refresh_token",
                "issued_at", "access_expires_at", "refresh_expires_at", "confirmed_at", "last_refresh_at",
                "last_refresh_outcome", "last_refresh_message", "reauth_reason", "created_at", "updated_at", "pending",
            ]),
        CopiedTable(
            name: "vehicles", columns: ["id", "connection_id", "make", "model", "year", "vin", "last_seen_at"]),
        CopiedTable(name: "unsupported_readings", columns: ["vehicle_id", "reading", "learnt_at"]),
        CopiedTable(name: "app_tokens", columns: ["client_id", "token", "expires_at", "fetched_at"]),
        CopiedTable(
            name: "audit_log",
            columns: ["id", "at", "os_user", "host", "action", "connection_id", "vehicle_id", "outcome", "detail"]),
    ]
}

/// A stored value as it is, whatever its column.
package enum CopiedValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

extension SQLiteConnectionStore {
    /// The store as it is now, for `store copy`: every read of it sees the same state, whatever is
    /// written meanwhile. Pairs saved for recovery were stored when the store was opened.
    package func snapshot() throws -> StoreSnapshot {
        StoreSnapshot(snapshot: try StoreError.translating { try pool.makeSnapshot() })
    }
}

/// One unchanging state of a SQLite store (a WAL snapshot).
package struct StoreSnapshot: @unchecked Sendable {
    let snapshot: DatabaseSnapshot

    /// Every row of `table`, a batch of at most `batch` rows at a time, in key order.
    package func rows(
        of table: CopiedTable, batch: Int, _ body: @escaping @Sendable ([[CopiedValue]]) async throws -> Void
    ) async throws {
        var after: [DatabaseValue]? = nil
        let key = table.columns[0] == "vehicle_id" ? "vehicle_id, reading" : table.columns[0]
        while true {
            let last = after
            let condition = last == nil ? "" : key.contains(",") ? "WHERE (\(key)) > (?, ?)" : "WHERE \(key) > ?"
            let sql = """
                SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name) \(condition)
                ORDER BY \(key) LIMIT \(batch)
                """
            let rows = try StoreError.translating {
                try snapshot.read { db in
                    try Row.fetchAll(db, sql: sql, arguments: StatementArguments(last ?? [])).map { row in
                        (0..<table.columns.count).map { Self.copied(row[$0] as DatabaseValue) }
                    }
                }
            }
            guard !rows.isEmpty else { return }
            try await body(rows)
            guard rows.count == batch, let last = rows.last else { return }
            after = (key.contains(",") ? [last[0], last[1]] : [last[0]]).map(Self.databaseValue)
        }
    }

    /// How many rows `table` holds.
    package func count(of table: CopiedTable) throws -> Int {
        try StoreError.translating {
            try snapshot.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0 }
        }
    }

    private static func copied(_ value: DatabaseValue) -> CopiedValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob(let data): .blob(data)
        }
    }

    private static func databaseValue(_ value: CopiedValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .blob(let data): data.databaseValue
        }
    }
}
