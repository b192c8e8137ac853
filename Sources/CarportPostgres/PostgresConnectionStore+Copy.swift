import CarportCore
import CarportStore
import Foundation
import PostgresNIO

/// `carport store copy --to URL` (docs/TEAM-STORE.md, "Moving to the team store"): the SQLite
/// store of this machine into an empty database, in one transaction, sealed values verbatim (the
/// same key opens them), then checked from a fresh opening.
extension PostgresConnectionStore {
    /// Rows per INSERT: well under PostgreSQL's 65,535 binds with 19 columns.
    static let copyBatch = 500

    /// Copies `source` into `database`, which must hold no Carport store; returns the rows copied
    /// per table, each checked against a fresh count, after every sealed value was opened.
    public static func copy(
        from source: SQLiteConnectionStore, to database: PostgresLocation, clock: WallClock, osUser: String
    ) async throws -> [(table: String, rows: Int)] {
        let snapshot = try source.snapshot()
        let connection = try await connect(database, configuration: database.connectionConfiguration(osUser: osUser))
        do {
            try await PostgresStoreError.translating(database) {
                try await transaction(connection) { c in
                    try await applyMigrations(c, database: database, osUser: osUser)
                    try await refuseNonEmpty(c, database: database)
                    for table in CopiedTable.all {
                        try await snapshot.rows(of: table, batch: copyBatch) { rows in
                            try await insert(rows, into: table, c)
                        }
                    }
                    try await run(
                        c,
                        "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), coalesce(max(id), 0) + 1, false) FROM audit_log"
                    )
                    try await insertAudit(
                        AuditEntry(
                            at: clock.now(), osUser: osUser, action: "store-copy", outcome: "ok",
                            detail: "copied from \(source.files.database.path) on \(AuditEntry.thisHost)"), c)
                }
            }
            try? await connection.close()
            OpenConnections.shared.forget(connection)
        } catch {
            try? await connection.close()
            OpenConnections.shared.forget(connection)
            throw error
        }
        return try await verify(snapshot, files: source.files, database: database, clock: clock, osUser: osUser)
    }

    private static func refuseNonEmpty(_ c: PostgresConnection, database: PostgresLocation) async throws {
        let tables = CopiedTable.all.map { "(SELECT count(*) FROM \($0.name))" }.joined(separator: " + ")
        let rows = try await value(c, PostgresQuery(unsafeSQL: "SELECT \(tables)"), as: Int.self) ?? 0
        guard rows == 0 else {
            throw CarportError(
                .usage,
                "The database \(database) already holds a Carport store (\(rows) rows); copy never merges. Give it an empty database (createdb)."
            )
        }
    }

    private static func insert(_ rows: [[CopiedValue]], into table: CopiedTable, _ c: PostgresConnection) async throws {
        var binds = PostgresBindings(capacity: rows.count * table.columns.count)
        var tuples: [String] = []
        for row in rows {
            let first = binds.count
            for value in row {
                switch value {
                case .null: binds.appendNull()
                case .integer(let number): binds.append(number)
                case .real(let number): binds.append(number)
                case .text(let text): binds.append(text)
                case .blob(let data): try binds.append(data)
                }
            }
            tuples.append("(" + (first..<binds.count).map { "$\($0 + 1)" }.joined(separator: ", ") + ")")
        }
        let sql =
            "INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))"
        try await run(c, PostgresQuery(unsafeSQL: sql, binds: binds))
    }

    /// Opens the copy as any command would (the key check must match this machine's key), counts
    /// every table against the source, and opens every sealed value.
    private static func verify(
        _ source: StoreSnapshot, files: StoreFiles, database: PostgresLocation, clock: WallClock, osUser: String
    ) async throws -> [(table: String, rows: Int)] {
        let copy = try await open(database: database, files: files, clock: clock, osUser: osUser)
        var counts: [(table: String, rows: Int)] = []
        for table in CopiedTable.all {
            let expected = try source.count(of: table)
            let copied = try await copy.read { c in
                try await Self.value(c, PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table.name)"), as: Int.self)
                    ?? 0
            }
            // The copy's own audit entry is one more than the source had.
            guard copied == expected + (table.name == "audit_log" ? 1 : 0) else {
                throw CarportError(
                    .store,
                    "The copy of \(table.name) holds \(copied) rows, the store \(expected); the copy is not complete.")
            }
            counts.append((table.name, expected))
        }
        _ = try await copy.connections()
        for clientId in try await copy.read({ c in
            try await Self.rows(c, "SELECT client_id FROM app_tokens").map { try $0.text(required: 0) }
        }) {
            _ = try await copy.appToken(clientId: clientId)
        }
        await copy.close()
        return counts
    }
}
