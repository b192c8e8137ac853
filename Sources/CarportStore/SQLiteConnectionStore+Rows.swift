import CarportCore
import Foundation
import GRDB

/// Mapping between rows and models. Sealed columns open here and only here.
extension SQLiteConnectionStore {
    func connection(from row: Row, sealer: Sealer) throws -> Connection {
        let id: String = row["id"]
        let state = try Self.tokenState(from: row)
        let tokens = TokenPair(
            accessToken: try sealer.openSecret(row["access_token"], at: .connection(id, "access_token")),
            refreshToken: try sealer.openSecret(row["refresh_token"], at: .connection(id, "refresh_token")),
            issuedAt: state.issuedAt, accessExpiresAt: state.accessExpiresAt, refreshExpiresAt: state.refreshExpiresAt)
        return Connection(
            id: id, smartcarUserId: row["smartcar_user_id"], customer: row["customer"],
            mode: Self.mode(row), scopes: Self.scopes(row), tokens: tokens,
            lastRefresh: state.lastRefresh, reauthReason: state.reauthReason,
            createdAt: Self.date(row["created_at"]), updatedAt: Self.date(row["updated_at"]))
    }

    static func mode(_ row: Row) -> ConnectMode {
        let text: String = row["mode"]
        return ConnectMode(rawValue: text) ?? .live
    }

    static func scopes(_ row: Row) -> [String] {
        let text: String = row["scopes"]
        return text.split(separator: " ").map(String.init)
    }

    /// The timestamps and refresh state of a `connections` row; opens nothing.
    static func tokenState(from row: Row) throws -> TokenState {
        var lastRefresh: RefreshRecord?
        if let at: Double = row["last_refresh_at"], let raw: String = row["last_refresh_outcome"] {
            guard let outcome = RefreshRecord.Outcome(rawValue: raw) else {
                let id: String = row["id"]
                throw CarportError(.corruptStore, "Connection \(id) has an unknown refresh outcome `\(raw)`.")
            }
            lastRefresh = RefreshRecord(attemptedAt: date(at), outcome: outcome, message: row["last_refresh_message"])
        }
        return TokenState(
            issuedAt: date(row["issued_at"]), accessExpiresAt: date(row["access_expires_at"]),
            refreshExpiresAt: date(row["refresh_expires_at"]), lastRefresh: lastRefresh,
            reauthReason: row["reauth_reason"])
    }

    /// The sealed token columns of `tokens` for connection `id`, ready for a statement.
    func sealedColumns(_ tokens: TokenPair, id: String, sealer: Sealer) throws -> StatementArguments {
        [
            "access_token": try sealer.seal(tokens.accessToken, at: .connection(id, "access_token")),
            "refresh_token": try sealer.seal(tokens.refreshToken, at: .connection(id, "refresh_token")),
            "issued_at": tokens.issuedAt.timeIntervalSinceReferenceDate,
            "access_expires_at": tokens.accessExpiresAt.timeIntervalSinceReferenceDate,
            "refresh_expires_at": tokens.refreshExpiresAt.timeIntervalSinceReferenceDate,
        ]
    }

    static func vehicle(from row: Row) -> Vehicle {
        Vehicle(
            id: row["id"], connectionId: row["connection_id"], make: row["make"], model: row["model"],
            year: (row["year"] as Int?) ?? Vehicle.unknownYear, vin: row["vin"],
            lastSeenAt: (row["last_seen_at"] as Double?).map(date))
    }

    /// The `year` column of `vehicle`: NULL when the year is unknown or one the schema refuses.
    static func yearColumn(_ vehicle: Vehicle) -> Int? {
        Vehicle.plausibleYears.contains(vehicle.year) ? vehicle.year : nil
    }

    static func auditEntry(from row: Row) -> AuditEntry {
        AuditEntry(
            at: date(row["at"]), osUser: row["os_user"], action: row["action"],
            connectionId: row["connection_id"], vehicleId: row["vehicle_id"],
            outcome: row["outcome"], detail: row["detail"])
    }

    static func insertAudit(_ entry: AuditEntry, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO audit_log (at, os_user, action, connection_id, vehicle_id, outcome, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            entry.at.timeIntervalSinceReferenceDate, entry.osUser, entry.action, entry.connectionId,
            entry.vehicleId, entry.outcome, entry.detail,
        ])
    }

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSinceReferenceDate: seconds) }
}
