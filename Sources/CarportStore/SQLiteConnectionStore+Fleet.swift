import CarportCore
import Foundation
import GRDB

/// Reads and writes sized for a fleet of 100,000 connections (docs/CODEBASE.md, "Fleet scale"):
/// rows stream through a cursor instead of being held, and the refresh candidates come by index.
extension SQLiteConnectionStore {
    public func forEachFleetRow(_ body: (Vehicle, ConnectionSummary) throws -> Void) async throws {
        try StoreError.translating { try readFleetRows(body) }
    }

    /// Synchronous, so that `body` need not escape: it runs on the reading thread, row by row.
    private func readFleetRows(_ body: (Vehicle, ConnectionSummary) throws -> Void) throws {
        try pool.read { db in
            var scopes = ScopeTexts()
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(StoredRows.summaryColumns), \(StoredRows.vehicleColumns)
                    FROM vehicles v JOIN connections c ON c.id = v.connection_id
                    ORDER BY c.customer COLLATE NOCASE, c.customer, v.make, v.model, v.id
                    """)
            while let row = try rows.next() {
                let connection = try StoredRows.summary(from: row, at: 0, scopes: &scopes)
                try body(StoredRows.vehicle(from: row, at: StoredRows.summaryColumnCount), connection)
            }
        }
    }

    public func refreshCandidates(policy: HealthPolicy, at now: Date) async throws -> [ConnectionSummary] {
        let accessBy = now.addingTimeInterval(policy.accessExpiringWithin).timeIntervalSinceReferenceDate
        let refreshBy = now.addingTimeInterval(policy.keepAliveWithin).timeIntervalSinceReferenceDate
        return try await read { db in
            var scopes = ScopeTexts()
            return try Array(
                Row.fetchCursor(
                    db, sql: Self.refreshCandidatesQuery, arguments: ["accessBy": accessBy, "refreshBy": refreshBy]
                )
                .map { try StoredRows.summary(from: $0, at: 0, scopes: &scopes) })
        }
    }

    /// Each branch is served by an index (migration v3), so 100,000 rows are not read.
    static let refreshCandidatesQuery = """
        SELECT \(StoredRows.summaryColumns) FROM connections c WHERE c.access_expires_at <= :accessBy
        UNION SELECT \(StoredRows.summaryColumns) FROM connections c WHERE c.refresh_expires_at <= :refreshBy
        UNION SELECT \(StoredRows.summaryColumns) FROM connections c WHERE c.last_refresh_outcome IN ('answer-lost', 'in-flight')
        """

    public func importConnections(_ batch: [LinkedConnection], audit: AuditEntry) async throws {
        try await write { db in
            for item in batch {
                try self.insertConnectionRow(item.connection, db)
                for vehicle in item.vehicles {
                    if let move = try Self.upsert(vehicle, into: item.connection.id, db) {
                        throw CarportError(
                            .usage,
                            "Vehicle \(move.vehicleId) is already linked to connection \(move.fromConnectionId); nothing was imported."
                        )
                    }
                }
            }
            try Self.insertAudit(audit, db)
        }
    }
}
