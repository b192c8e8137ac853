import CarportCore
import Foundation
import GRDB

/// The change feed of migration v8: every write to a connection or its vehicles numbers the
/// connection from one counter, so the UI learns what other processes changed by index.
extension SQLiteConnectionStore {
    public func changeMark() async throws -> Int64 {
        try await read { db in try Self.mark(db) }
    }

    public func changes(since mark: Int64, limit: Int) async throws -> StoreChanges {
        try await read { db in
            let now = try Self.mark(db)
            guard now > mark else { return StoreChanges(mark: now) }
            var scopes = ScopeTexts()
            let connections = try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT \(StoredRows.summaryColumns) FROM connections c WHERE c.change_seq > ? ORDER BY c.change_seq LIMIT ?"
                ), arguments: [mark, limit + 1]
            ).map { try StoredRows.summary(from: $0, at: 0, scopes: &scopes) }
            guard connections.count <= limit else { return StoreChanges(mark: now, overflow: true) }
            let vehicles = try connections.flatMap { connection in
                try Row.fetchAll(
                    db.cachedStatement(sql: Self.connectionVehiclesQuery), arguments: [connection.id]
                ).map { try StoredRows.vehicle(from: $0) }
            }
            return StoreChanges(mark: now, connections: connections, vehicles: vehicles)
        }
    }

    private static func mark(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT seq FROM change_counter") ?? 0
    }
}
