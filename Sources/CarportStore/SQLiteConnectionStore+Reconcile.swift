import CarportCore
import Foundation
import GRDB

/// The store's side of `carport reconcile`: every stored vehicle with its Smartcar user, streamed,
/// and the mark of a connection Smartcar no longer lists.
extension SQLiteConnectionStore {
    public func forEachStoredLink(_ body: (StoredLink) throws -> Void) async throws {
        try StoreError.translating { try readStoredLinks(body) }
    }

    /// Synchronous, so that `body` need not escape: it runs on the reading thread, row by row.
    private func readStoredLinks(_ body: (StoredLink) throws -> Void) throws {
        try pool.read { db in
            var scopes = ScopeTexts()
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(StoredRows.summaryColumns), c.smartcar_user_id, \(StoredRows.vehicleColumns)
                    FROM connections c LEFT JOIN vehicles v ON v.connection_id = c.id
                    """)
            let vehicleAt = StoredRows.summaryColumnCount + 1
            while let row = try rows.next() {
                let connection = try StoredRows.summary(from: row, at: 0, scopes: &scopes)
                let hasVehicle = (row[vehicleAt] as String?) != nil
                try body(
                    StoredLink(
                        connection: connection, smartcarUserId: row[StoredRows.summaryColumnCount],
                        vehicle: hasVehicle ? StoredRows.vehicle(from: row, at: vehicleAt) : nil))
            }
        }
    }

    public func markNeedsReauth(connectionId: String, reason: String, issuedBefore: Date, audit: AuditEntry)
        async throws -> Bool
    {
        let now = clock.now().timeIntervalSinceReferenceDate
        return try await write { db in
            try db.execute(
                sql: """
                    UPDATE connections SET reauth_reason = ?, updated_at = max(?, created_at)
                    WHERE id = ? AND reauth_reason IS NULL AND coalesce(issued_at, confirmed_at) < ?
                    """,
                arguments: [reason, now, connectionId, issuedBefore.timeIntervalSinceReferenceDate])
            guard db.changesCount == 1 else { return false }
            try Self.insertAudit(audit, db)
            return true
        }
    }
}
