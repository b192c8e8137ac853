import CarportCore
import Foundation
import GRDB

/// A link in two steps: the connection and its pair first, then what Smartcar answered, with the
/// reads still missing kept in `pending` (`LinkGaps`, docs/CODEBASE.md, connection).
extension SQLiteConnectionStore {
    public func insert(_ connection: Connection, gaps: LinkGaps, audit: AuditEntry) async throws {
        try await write { db in
            try self.insertConnectionRow(connection, db)
            try db.execute(
                sql: "UPDATE connections SET pending = ? WHERE id = ?", arguments: [gaps.text, connection.id])
            try Self.insertAudit(audit, db)
        }
    }

    public func complete(_ completion: LinkCompletion, audit: AuditEntry?) async throws -> [VehicleMove] {
        let now = clock.now().timeIntervalSinceReferenceDate
        return try await write { db in
            let id = completion.connectionId
            guard
                let scopes = try String.fetchOne(
                    db, sql: "SELECT scopes FROM connections WHERE id = ?", arguments: [id])
            else { throw Self.unknownConnection(id) }
            let merged = Set(scopes.split(separator: " ").map(String.init)).union(completion.scopes).sorted()
            try db.execute(
                sql: """
                    UPDATE connections SET smartcar_user_id = coalesce(?, smartcar_user_id), scopes = ?, pending = ?,
                        updated_at = max(?, created_at)
                    WHERE id = ?
                    """,
                arguments: [completion.smartcarUserId, merged.joined(separator: " "), completion.gaps.text, now, id])
            var moves: [VehicleMove] = []
            for vehicle in completion.vehicles {
                if let move = try Self.upsert(vehicle, into: id, db) { moves.append(move) }
            }
            if let audit { try Self.insertAudit(audit, db) }
            return moves
        }
    }

    /// By the partial index `connections_pending` (migration v3): never a scan of every connection.
    static let pendingQuery = "SELECT id, pending FROM connections WHERE pending IS NOT NULL"

    public func linkGaps() async throws -> [String: LinkGaps] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: Self.pendingQuery)
            return Dictionary(
                rows.map { ($0["id"] as String, LinkGaps(text: $0["pending"] as String?)) },
                uniquingKeysWith: { a, _ in a })
        }
    }

    /// Inserts or updates `vehicle` under `connectionId`; returns the move when it belonged to
    /// another connection.
    static func upsert(_ vehicle: Vehicle, into connectionId: String, _ db: Database) throws -> VehicleMove? {
        var move: VehicleMove?
        let owner = try db.cachedStatement(
            sql: """
                SELECT v.connection_id, c.customer FROM vehicles v JOIN connections c ON c.id = v.connection_id
                WHERE v.id = ?
                """)
        if let previous = try Row.fetchOne(owner, arguments: [vehicle.id]), previous["connection_id"] != connectionId {
            move = VehicleMove(
                vehicleId: vehicle.id, fromConnectionId: previous["connection_id"], fromCustomer: previous["customer"])
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO vehicles (id, connection_id, make, model, year, vin, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET connection_id = excluded.connection_id, make = excluded.make,
                    model = excluded.model, year = excluded.year, vin = excluded.vin,
                    last_seen_at = coalesce(excluded.last_seen_at, last_seen_at)
                """
        ).execute(
            arguments: [
                vehicle.id, connectionId, vehicle.make, vehicle.model, vehicle.plausibleYear,
                vehicle.stored.vin, vehicle.lastSeenAt?.timeIntervalSinceReferenceDate,
            ])
        return move
    }
}
