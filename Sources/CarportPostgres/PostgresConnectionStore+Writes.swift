import CarportCore
import CarportStore
import Foundation
import PostgresNIO

/// Writes, each one transaction with its audit entry, in the order and with the checks of the
/// SQLite store (`SQLiteConnectionStore+Writes.swift`).
extension PostgresConnectionStore {
    /// A new connection's row, its tokens sealed; an id already in the store is refused.
    func insertRow(_ connection: Connection, pending: String? = nil, _ c: PostgresConnection, sealer: Sealer)
        async throws
    {
        if try await Self.value(c, "SELECT true FROM connections WHERE id = \(connection.id)", as: Bool.self) != nil {
            throw CarportError(.usage, "A connection with id \(connection.id) already exists.")
        }
        let pair = try connection.tokens.map { try SealedPair($0, id: connection.id, sealer: sealer) }
        let confirmedAt: Double? =
            if case .application(let at) = connection.credentials { at.timeIntervalSinceReferenceDate } else { nil }
        let last = connection.lastRefresh
        try await Self.run(
            c,
            """
            INSERT INTO connections (id, smartcar_user_id, customer, mode, scopes, kind, access_token, refresh_token,
                issued_at, access_expires_at, refresh_expires_at, confirmed_at, last_refresh_at, last_refresh_outcome,
                last_refresh_message, reauth_reason, created_at, updated_at, pending)
            VALUES (\(connection.id), \(connection.smartcarUserId), \(connection.customer),
                \(connection.mode.rawValue), \(connection.scopes.joined(separator: " ")), \(connection.kind.rawValue),
                \(pair?.accessToken), \(pair?.refreshToken), \(pair?.issuedAt), \(pair?.accessExpiresAt),
                \(pair?.refreshExpiresAt), \(confirmedAt), \(last?.attemptedAt.timeIntervalSinceReferenceDate),
                \(last?.outcome.rawValue), \(last?.message), \(connection.reauthReason),
                \(connection.createdAt.timeIntervalSinceReferenceDate),
                \(connection.updatedAt.timeIntervalSinceReferenceDate), \(pending))
            """)
    }

    public func insert(_ connection: Connection, vehicles: [Vehicle], audit: AuditEntry) async throws -> [VehicleMove] {
        try await write { c in
            try await self.insertRow(connection, c, sealer: self.sealer(c))
            var moves: [VehicleMove] = []
            for vehicle in vehicles {
                if let move = try await Self.upsert(vehicle, into: connection.id, c) { moves.append(move) }
            }
            try await Self.insertAudit(audit, c)
            return moves
        }
    }

    public func insert(_ connection: Connection, gaps: LinkGaps, audit: AuditEntry) async throws {
        try await write { c in
            try await self.insertRow(connection, pending: gaps.text, c, sealer: self.sealer(c))
            try await Self.insertAudit(audit, c)
        }
    }

    public func importConnections(_ batch: [LinkedConnection], audit: AuditEntry) async throws {
        try await write { c in
            let sealer = try await self.sealer(c)
            for item in batch {
                try await self.insertRow(item.connection, c, sealer: sealer)
                for vehicle in item.vehicles {
                    if let move = try await Self.upsert(vehicle, into: item.connection.id, c) {
                        throw CarportError(
                            .usage,
                            "Vehicle \(move.vehicleId) is already linked to connection \(move.fromConnectionId); nothing was imported."
                        )
                    }
                }
            }
            try await Self.insertAudit(audit, c)
        }
    }

    public func complete(_ completion: LinkCompletion, audit: AuditEntry?) async throws -> [VehicleMove] {
        let now = clock.now().timeIntervalSinceReferenceDate
        return try await write { c in
            let id = completion.connectionId
            guard
                let scopes = try await Self.value(
                    c, "SELECT scopes FROM connections WHERE id = \(id) FOR UPDATE", as: String.self)
            else { throw Self.unknownConnection(id) }
            let merged = Set(scopes.split(separator: " ").map(String.init)).union(completion.scopes).sorted()
            try await Self.run(
                c,
                """
                UPDATE connections SET smartcar_user_id = coalesce(\(completion.smartcarUserId), smartcar_user_id),
                    scopes = \(merged.joined(separator: " ")), pending = \(completion.gaps.text),
                    updated_at = GREATEST(\(now), created_at)
                WHERE id = \(id)
                """)
            var moves: [VehicleMove] = []
            for vehicle in completion.vehicles {
                if let move = try await Self.upsert(vehicle, into: id, c) { moves.append(move) }
            }
            if let audit { try await Self.insertAudit(audit, c) }
            return moves
        }
    }

    public func replaceTokens(connectionId: String, tokens: TokenPair, audit: AuditEntry) async throws {
        _ = try await replaceTokens(connectionId, replacing: nil, tokens: tokens, audit: audit)
    }

    public func replaceTokens(connectionId: String, replacing: Secret, tokens: TokenPair, audit: AuditEntry)
        async throws -> PairWrite
    {
        try await replaceTokens(connectionId, replacing: replacing, tokens: tokens, audit: audit)
    }

    private func replaceTokens(_ id: String, replacing: Secret?, tokens: TokenPair, audit: AuditEntry)
        async throws -> PairWrite
    {
        let now = clock.now().timeIntervalSinceReferenceDate
        return try await write { c in
            let sealer = try await self.sealer(c)
            if let replacing {
                let stored = try await self.storedRefreshToken(c, id: id, sealer: sealer)
                if stored == tokens.refreshToken { return .written }
                if stored != replacing { return .superseded }
            }
            let pair = try SealedPair(tokens, id: id, sealer: sealer)
            let updated = try await Self.rows(
                c,
                """
                UPDATE connections SET access_token = \(pair.accessToken), refresh_token = \(pair.refreshToken),
                    issued_at = \(pair.issuedAt), access_expires_at = \(pair.accessExpiresAt),
                    refresh_expires_at = \(pair.refreshExpiresAt), reauth_reason = NULL, last_refresh_at = NULL,
                    last_refresh_outcome = NULL, last_refresh_message = NULL, in_flight_holder = NULL,
                    in_flight_until = NULL, updated_at = GREATEST(\(now), created_at)
                WHERE id = \(id) RETURNING id
                """)
            guard updated.count == 1 else { throw Self.unknownConnection(id) }
            try await Self.insertAudit(audit, c)
            return .written
        }
    }

    public func removeVehicle(id: String, audit: AuditEntry) async throws {
        try await write { c in
            let removed = try await Self.rows(c, "DELETE FROM vehicles WHERE id = \(id) RETURNING id")
            guard removed.count == 1 else {
                throw CarportError(.notFound, "No vehicle \(id) in the store; `carport vehicles` lists them.")
            }
            try await Self.insertAudit(audit, c)
        }
    }

    @discardableResult
    public func confirmApplicationLinks(_ connectionIds: [String], at date: Date, audit: AuditEntry?) async throws
        -> Int
    {
        let at = date.timeIntervalSinceReferenceDate
        return try await write { c in
            let confirmed = try await Self.rows(
                c,
                """
                UPDATE connections SET confirmed_at = GREATEST(confirmed_at, \(at)), reauth_reason = NULL,
                    updated_at = GREATEST(\(at), created_at)
                WHERE id = ANY(\(connectionIds)) AND kind = 'v3' RETURNING id
                """
            ).count
            if let audit, confirmed > 0 { try await Self.insertAudit(audit, c) }
            return confirmed
        }
    }

    public func recordRead(vehicleId: String, at date: Date) async throws {
        try await write { c in
            try await Self.run(
                c, "UPDATE vehicles SET last_seen_at = \(date.timeIntervalSinceReferenceDate) WHERE id = \(vehicleId)")
        }
    }

    public func markNeedsReauth(connectionId: String, reason: String, issuedBefore: Date, audit: AuditEntry)
        async throws -> Bool
    {
        let now = clock.now().timeIntervalSinceReferenceDate
        return try await write { c in
            let marked = try await Self.rows(
                c,
                """
                UPDATE connections SET reauth_reason = \(reason), updated_at = GREATEST(\(now), created_at)
                WHERE id = \(connectionId) AND reauth_reason IS NULL
                    AND coalesce(issued_at, confirmed_at) < \(issuedBefore.timeIntervalSinceReferenceDate)
                RETURNING id
                """)
            guard marked.count == 1 else { return false }
            try await Self.insertAudit(audit, c)
            return true
        }
    }

    public func rememberUnsupported(_ readings: Set<String>, vehicleId: String) async throws {
        let known = readings.intersection(LiveData.skippable).sorted()
        guard !known.isEmpty else { return }
        let now = clock.now().timeIntervalSinceReferenceDate
        try await write { c in
            try await Self.run(
                c,
                """
                INSERT INTO unsupported_readings (vehicle_id, reading, learnt_at)
                SELECT v.id, r, \(now) FROM vehicles v, unnest(\(known)::text[]) AS r WHERE v.id = \(vehicleId)
                ON CONFLICT DO NOTHING
                """)
        }
    }

    public func recordAudit(_ entry: AuditEntry) async throws {
        try await pooled { c in try await Self.insertAudit(entry, c) }
    }

    static func insertAudit(_ entry: AuditEntry, _ c: PostgresConnection) async throws {
        try await run(
            c,
            """
            INSERT INTO audit_log (at, os_user, host, action, connection_id, vehicle_id, outcome, detail)
            VALUES (\(entry.at.timeIntervalSinceReferenceDate), \(entry.osUser), \(entry.host), \(entry.action),
                \(entry.connectionId), \(entry.vehicleId), \(entry.outcome), \(entry.detail))
            """)
    }

    /// Inserts or updates `vehicle` under `connectionId`; returns the move when it belonged to
    /// another connection.
    static func upsert(_ vehicle: Vehicle, into connectionId: String, _ c: PostgresConnection) async throws
        -> VehicleMove?
    {
        var move: VehicleMove?
        let owner = try await rows(
            c,
            """
            SELECT v.connection_id, c.customer FROM vehicles v JOIN connections c ON c.id = v.connection_id
            WHERE v.id = \(vehicle.id)
            """)
        if let previous = owner.first, try previous.text(required: 0) != connectionId {
            move = VehicleMove(
                vehicleId: vehicle.id, fromConnectionId: try previous.text(required: 0),
                fromCustomer: try previous.text(required: 1))
        }
        try await run(
            c,
            """
            INSERT INTO vehicles (id, connection_id, make, model, year, vin, last_seen_at)
            VALUES (\(vehicle.id), \(connectionId), \(vehicle.make), \(vehicle.model), \(vehicle.plausibleYear),
                \(vehicle.stored.vin), \(vehicle.lastSeenAt?.timeIntervalSinceReferenceDate))
            ON CONFLICT (id) DO UPDATE SET connection_id = excluded.connection_id, make = excluded.make,
                model = excluded.model, year = excluded.year, vin = excluded.vin,
                last_seen_at = coalesce(excluded.last_seen_at, vehicles.last_seen_at)
            """)
        return move
    }

    /// The stored refresh token of `id`, its row locked until the caller's transaction ends (a
    /// conditional write compares and writes with no other writer in between); throws
    /// `.notFound` when the row is gone.
    func storedRefreshToken(_ c: PostgresConnection, id: String, sealer: Sealer) async throws -> Secret {
        guard
            let blob = try await Self.value(
                c, "SELECT refresh_token FROM connections WHERE id = \(id) FOR UPDATE", as: Data.self)
        else { throw Self.unknownConnection(id) }
        return try sealer.openSecret(blob, at: .connection(id, "refresh_token"))
    }

    static func unknownConnection(_ id: String) -> CarportError {
        CarportError(.notFound, "No connection \(id) in the store; `carport status` lists them.")
    }
}
