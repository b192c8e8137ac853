import CarportCore
import Foundation
import GRDB

/// The connect flow's writes: each one transaction, with its audit entry.
extension SQLiteConnectionStore {
    /// A new connection's row, its tokens sealed; an id already in the store is refused.
    func insertConnectionRow(_ connection: Connection, _ db: Database) throws {
        let exists = try db.cachedStatement(sql: "SELECT 1 FROM connections WHERE id = ?")
        if try Bool.fetchOne(exists, arguments: [connection.id]) == true {
            throw CarportError(.usage, "A connection with id \(connection.id) already exists.")
        }
        try db.cachedStatement(sql: Self.insertConnection).execute(
            arguments: try connectionArguments(connection, sealer: keys.sealer(for: db)))
    }

    public func insert(_ connection: Connection, vehicles: [Vehicle], audit: AuditEntry) async throws -> [VehicleMove] {
        try await write { db in
            try self.insertConnectionRow(connection, db)
            var moves: [VehicleMove] = []
            for vehicle in vehicles {
                if let move = try Self.upsert(vehicle, into: connection.id, db) { moves.append(move) }
            }
            try Self.insertAudit(audit, db)
            return moves
        }
    }

    public func replaceTokens(connectionId: String, tokens: TokenPair, audit: AuditEntry) async throws {
        _ = try await replaceTokens(connectionId, replacing: nil, tokens: tokens, audit: audit)
    }

    /// The conditional form: checked against the stored refresh token in the write's transaction.
    public func replaceTokens(connectionId: String, replacing: Secret, tokens: TokenPair, audit: AuditEntry)
        async throws -> PairWrite
    {
        try await replaceTokens(connectionId, replacing: replacing, tokens: tokens, audit: audit)
    }

    private func replaceTokens(_ connectionId: String, replacing: Secret?, tokens: TokenPair, audit: AuditEntry)
        async throws -> PairWrite
    {
        let now = clock.now().timeIntervalSinceReferenceDate
        return try await write { db in
            let sealer = try self.keys.sealer(for: db)
            if let replacing {
                let stored = try self.storedRefreshToken(db, id: connectionId, sealer: sealer)
                if stored == tokens.refreshToken { return .written }
                if stored != replacing { return .superseded }
            }
            var row = try self.sealedColumns(tokens, id: connectionId, sealer: sealer)
            _ = row.append(contentsOf: ["id": connectionId, "now": now])
            try db.execute(
                sql: """
                    UPDATE connections SET access_token = :access_token, refresh_token = :refresh_token,
                        issued_at = :issued_at, access_expires_at = :access_expires_at,
                        refresh_expires_at = :refresh_expires_at, reauth_reason = NULL, last_refresh_at = NULL,
                        last_refresh_outcome = NULL, last_refresh_message = NULL, updated_at = max(:now, created_at)
                    WHERE id = :id
                    """, arguments: row)
            guard db.changesCount == 1 else { throw Self.unknownConnection(connectionId) }
            try Self.insertAudit(audit, db)
            return .written
        }
    }

    public func removeVehicle(id: String, audit: AuditEntry) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM vehicles WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else {
                throw CarportError(.notFound, "No vehicle \(id) in the store; `carport vehicles` lists them.")
            }
            try Self.insertAudit(audit, db)
        }
    }

    @discardableResult
    public func confirmApplicationLinks(_ connectionIds: [String], at date: Date, audit: AuditEntry?) async throws
        -> Int
    {
        try await write { db in
            var confirmed = 0
            let statement = try db.cachedStatement(
                sql: """
                    UPDATE connections SET confirmed_at = max(confirmed_at, :at), reauth_reason = NULL,
                        updated_at = max(:at, created_at)
                    WHERE id = :id AND kind = 'v3'
                    """)
            for id in connectionIds {
                try statement.execute(arguments: ["at": date.timeIntervalSinceReferenceDate, "id": id])
                confirmed += db.changesCount
            }
            if let audit, confirmed > 0 { try Self.insertAudit(audit, db) }
            return confirmed
        }
    }

    public func recordRead(vehicleId: String, at date: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE vehicles SET last_seen_at = ? WHERE id = ?",
                arguments: [date.timeIntervalSinceReferenceDate, vehicleId])
        }
    }

    public func recordAudit(_ entry: AuditEntry) async throws {
        try await write { db in try Self.insertAudit(entry, db) }
    }

    /// Every column of `connection`, tokens sealed, for `insertConnection`.
    func connectionArguments(_ connection: Connection, sealer: Sealer) throws -> StatementArguments {
        var arguments = try credentialColumns(connection.credentials, id: connection.id, sealer: sealer)
        _ = arguments.append(contentsOf: [
            "id": connection.id, "smartcar_user_id": connection.smartcarUserId, "customer": connection.customer,
            "mode": connection.mode.rawValue, "scopes": connection.scopes.joined(separator: " "),
            "last_refresh_at": connection.lastRefresh?.attemptedAt.timeIntervalSinceReferenceDate,
            "last_refresh_outcome": connection.lastRefresh?.outcome.rawValue,
            "last_refresh_message": connection.lastRefresh?.message,
            "reauth_reason": connection.reauthReason,
            "created_at": connection.createdAt.timeIntervalSinceReferenceDate,
            "updated_at": connection.updatedAt.timeIntervalSinceReferenceDate,
        ])
        return arguments
    }

    static let insertConnection = """
        INSERT INTO connections (id, smartcar_user_id, customer, mode, scopes, kind, access_token, refresh_token,
            issued_at, access_expires_at, refresh_expires_at, confirmed_at, last_refresh_at, last_refresh_outcome,
            last_refresh_message, reauth_reason, created_at, updated_at)
        VALUES (:id, :smartcar_user_id, :customer, :mode, :scopes, :kind, :access_token, :refresh_token,
            :issued_at, :access_expires_at, :refresh_expires_at, :confirmed_at, :last_refresh_at, :last_refresh_outcome,
            :last_refresh_message, :reauth_reason, :created_at, :updated_at)
        """

    static func unknownConnection(_ id: String) -> CarportError {
        CarportError(.notFound, "No connection \(id) in the store; `carport status` lists them.")
    }

    /// One immediate transaction (it waits up to `busyTimeout` for other writers).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await StoreError.translating { try await pool.write(body) }
    }
}
