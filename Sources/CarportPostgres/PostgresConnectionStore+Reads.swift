import CarportCore
import CarportStore
import Foundation
import PostgresNIO

/// Reads: the same column lists as on SQLite (`StoredRows`). A read that opens sealed values reads
/// the key check in the same statement, so a rekey committed meanwhile cannot split them.
extension PostgresConnectionStore {
    static let summaries = "SELECT \(StoredRows.summaryColumns) FROM connections c"
    /// A whole connection, then the key check (column `StoredRows.summaryColumnCount + 5`).
    static let withCheck =
        "SELECT \(StoredRows.connectionColumns), m.value FROM connections c JOIN meta m ON m.key = 'key-check'"
    static let checkColumn = StoredRows.summaryColumnCount + 5
    static let vehicleRows = "SELECT \(StoredRows.vehicleColumns) FROM vehicles v"

    public func connections() async throws -> [Connection] {
        try await read { c in
            try await self.opened(Self.rows(c, PostgresQuery(unsafeSQL: Self.withCheck + " ORDER BY customer, id")))
        }
    }

    public func connection(id: String) async throws -> Connection? {
        try await read { c in
            try await self.opened(Self.rows(c, "\(unescaped: Self.withCheck) WHERE c.id = \(id)")).first
        }
    }

    /// Rows of `withCheck`, their sealed values opened.
    func opened(_ rows: [PostgresRandomAccessRow]) throws -> [Connection] {
        try rows.map { row in
            let sealer = try keys.sealer(matching: row.blob(required: Self.checkColumn))
            return try StoredRows.connection(from: row, sealer: sealer)
        }
    }

    public func connectionSummaries() async throws -> [ConnectionSummary] {
        try await read { c in try await Self.summaries(c, PostgresQuery(unsafeSQL: Self.summaries)) }
    }

    static func summaries(_ c: PostgresConnection, _ query: PostgresQuery) async throws -> [ConnectionSummary] {
        var scopes = ScopeTexts()
        var summaries: [ConnectionSummary] = []
        for try await row in try await start(c, query) {
            summaries.append(try StoredRows.summary(from: row.makeRandomAccess(), at: 0, scopes: &scopes))
        }
        return summaries
    }

    public func vehicles() async throws -> [Vehicle] {
        try await read { c in
            try await Self.vehicles(c, PostgresQuery(unsafeSQL: Self.vehicleRows + " ORDER BY connection_id, id"))
        }
    }

    public func vehicles(connectionId: String) async throws -> [Vehicle] {
        try await read { c in
            try await Self.vehicles(
                c, "\(unescaped: Self.vehicleRows) WHERE connection_id = \(connectionId) ORDER BY id")
        }
    }

    public func vehicle(id: String) async throws -> Vehicle? {
        try await read { c in try await Self.vehicles(c, "\(unescaped: Self.vehicleRows) WHERE id = \(id)").first }
    }

    static func vehicles(_ c: PostgresConnection, _ query: PostgresQuery) async throws -> [Vehicle] {
        try await rows(c, query).map { try StoredRows.vehicle(from: $0) }
    }

    public func auditLog(since: Date?, limit: Int?) async throws -> [AuditEntry] {
        let since = since?.timeIntervalSinceReferenceDate ?? -Double.greatestFiniteMagnitude
        return try await read { c in
            try await Self.rows(
                c,
                """
                SELECT \(unescaped: StoredRows.auditColumns) FROM audit_log WHERE at >= \(since)
                ORDER BY at DESC, id DESC LIMIT \(limit)::bigint
                """
            ).map { try StoredRows.auditEntry(from: $0) }
        }
    }

    /// Every vehicle with its connection, in list order, streamed: `body` runs as rows arrive
    /// (postgres-nio reads ahead a bounded amount), so a fleet of any size is not held.
    public func forEachFleetRow(_ body: (Vehicle, ConnectionSummary) throws -> Void) async throws {
        try await streamed(
            """
            SELECT \(StoredRows.summaryColumns), \(StoredRows.vehicleColumns)
            FROM vehicles v JOIN connections c ON c.id = v.connection_id
            ORDER BY lower(c.customer), c.customer, v.make, v.model, v.id
            """
        ) { row, scopes in
            let connection = try StoredRows.summary(from: row, at: 0, scopes: &scopes)
            try body(StoredRows.vehicle(from: row, at: StoredRows.summaryColumnCount), connection)
        }
    }

    public func forEachStoredLink(_ body: (StoredLink) throws -> Void) async throws {
        let vehicleAt = StoredRows.summaryColumnCount + 1
        try await streamed(
            """
            SELECT \(StoredRows.summaryColumns), c.smartcar_user_id, \(StoredRows.vehicleColumns)
            FROM connections c LEFT JOIN vehicles v ON v.connection_id = c.id
            """
        ) { row, scopes in
            let connection = try StoredRows.summary(from: row, at: 0, scopes: &scopes)
            try body(
                StoredLink(
                    connection: connection, smartcarUserId: try row.text(required: StoredRows.summaryColumnCount),
                    vehicle: try row.text(vehicleAt) == nil ? nil : StoredRows.vehicle(from: row, at: vehicleAt)))
        }
    }

    /// Runs `sql` on a pooled connection, `body` once per row, in the caller's task (so `body`
    /// need not escape). A first lease under the deadline tells an unreachable database in 10 s.
    private func streamed(
        _ sql: String, _ body: (PostgresRandomAccessRow, inout ScopeTexts) throws -> Void
    ) async throws {
        _ = try await pooled { _ in true }
        try await PostgresStoreError.translating(database) {
            try await client.withConnection { c in
                var scopes = ScopeTexts()
                for try await row in try await Self.start(c, PostgresQuery(unsafeSQL: sql)) {
                    try body(row.makeRandomAccess(), &scopes)
                }
            }
        }
    }

    public func refreshCandidates(policy: HealthPolicy, at now: Date) async throws -> [ConnectionSummary] {
        let accessBy = now.addingTimeInterval(policy.accessExpiringWithin).timeIntervalSinceReferenceDate
        let refreshBy = now.addingTimeInterval(policy.keepAliveWithin).timeIntervalSinceReferenceDate
        return try await read { c in
            try await Self.summaries(
                c,
                """
                \(unescaped: Self.summaries) WHERE c.access_expires_at <= \(accessBy)
                UNION \(unescaped: Self.summaries) WHERE c.refresh_expires_at <= \(refreshBy)
                UNION \(unescaped: Self.summaries) WHERE c.last_refresh_outcome IN ('answer-lost', 'in-flight')
                """)
        }
    }

    public func linkGaps() async throws -> [String: LinkGaps] {
        try await read { c in
            var gaps: [String: LinkGaps] = [:]
            for row in try await Self.rows(c, "SELECT id, pending FROM connections WHERE pending IS NOT NULL") {
                gaps[try row.text(required: 0)] = LinkGaps(text: try row.text(1))
            }
            return gaps
        }
    }

    public func unsupportedReadings(vehicleId: String) async throws -> Set<String> {
        try await read { c in
            Set(
                try await Self.rows(c, "SELECT reading FROM unsupported_readings WHERE vehicle_id = \(vehicleId)")
                    .map { try $0.text(required: 0) })
        }
    }

    public func changeMark() async throws -> Int64 {
        try await read { c in try await self.look(c) }
    }

    /// Every connection a transaction writes is stamped with the transaction's id. A mark is the
    /// next id to be given out when the reader looked (`pg_snapshot_xmax`); what changed since is
    /// what transactions from that id on wrote, and what those still running at that look wrote
    /// (`ChangeMarks` keeps their ids). Writers never wait for each other to number their changes.
    /// A mark this store did not hand out reads as an overflow: the caller reads the fleet again.
    public func changes(since mark: Int64, limit: Int) async throws -> StoreChanges {
        try await read { c in
            // The transactions running at the caller's mark before this look replaces them (a look
            // with the same mark and fewer running), then the look: a change committed after it
            // is seen now or by the next poll.
            let running = self.marks.running(at: mark)
            let now = try await self.look(c)
            guard let running else { return StoreChanges(mark: now, overflow: true) }
            let connections = try await Self.summaries(
                c,
                """
                \(unescaped: Self.summaries)
                WHERE c.change_xid >= \(mark)::text::xid8 OR c.change_xid = ANY(\(running)::bigint[]::text[]::xid8[])
                ORDER BY c.change_xid LIMIT \(limit + 1)
                """)
            guard connections.count <= limit else { return StoreChanges(mark: now, overflow: true) }
            guard !connections.isEmpty else { return StoreChanges(mark: now) }
            let vehicles = try await Self.vehicles(
                c, "\(unescaped: Self.vehicleRows) WHERE connection_id = ANY(\(connections.map(\.id))) ORDER BY id")
            return StoreChanges(mark: now, connections: connections, vehicles: vehicles)
        }
    }

    /// The next transaction id and the ids still running, now; remembered under the former.
    private func look(_ c: PostgresConnection) async throws -> Int64 {
        let rows = try await Self.rows(
            c,
            """
            SELECT pg_snapshot_xmax(s)::text::bigint, array(SELECT x::text::bigint FROM pg_snapshot_xip(s) x)
            FROM pg_current_snapshot() s
            """)
        guard let row = rows.first else { throw CarportError(.store, "\(location) gave no snapshot.") }
        let next = try row[0].decode(Int64.self)
        marks.remember(next, running: try row[1].decode([Int64].self))
        return next
    }

    public func integrityCheck() async throws -> String {
        try await read { c in
            let version = try await Self.value(c, "SELECT max(version) FROM carport_migrations", as: Int.self) ?? 0
            guard version == PostgresSchema.latest else {
                return "schema \(version), expected \(PostgresSchema.latest)"
            }
            guard let check = try await Self.value(c, Self.keyCheckQuery, as: Data.self) else { return "no key check" }
            _ = try self.keys.sealer(matching: check)
            return "ok"
        }
    }
}
