import CarportCore
import CarportStore
import Foundation
import PostgresNIO

extension PostgresConnectionStore {
    /// Connects (an unreachable database is an error naming it within 10 s), migrates under the
    /// migration lock, and checks the key against the store's key check, also under that lock:
    /// the first machine to open an empty database records its key; any other must hold a copy
    /// of it (docs/TEAM-STORE.md, "The key"). Then adopts this machine's recovery files.
    public static func open(database: PostgresLocation, files: StoreFiles, clock: WallClock, osUser: String)
        async throws -> PostgresConnectionStore
    {
        try files.prepareHome()
        let connection = try await connect(database, configuration: database.connectionConfiguration(osUser: osUser))
        do {
            let (check, sealer) = try await PostgresStoreError.translating(database) {
                try await migrate(connection, files: files, database: database, osUser: osUser)
            }
            let store = try PostgresConnectionStore(
                files: files, database: database, lockConnection: connection,
                keys: KeyRing(files: files, check: check, sealer: sealer), clock: clock, osUser: osUser)
            for sentence in await store.adoptRecoveredPairs() {
                FileHandle.standardError.write(Data("carport: \(sentence)\n".utf8))
            }
            return store
        } catch {
            try? await connection.close()
            OpenConnections.shared.forget(connection)
            throw error
        }
    }

    /// One connection, made directly (the pool would wait a minute for a database that is down).
    static func connect(_ database: PostgresLocation, configuration: PostgresConnection.Configuration) async throws
        -> PostgresConnection
    {
        try await PostgresStoreError.translating(database) {
            try await abandoning(
                after: .seconds(8), { PostgresStoreError.unreachable(database, "no answer within 8 seconds") }
            ) {
                // Kept at once: one that comes after the deadline is left open, not released open.
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: Int.random(in: 1...Int.max), logger: logger)
                OpenConnections.shared.keep(connection)
                return connection
            }
        }
    }

    /// Applies the missing migrations and reads, or records, the key check: one transaction
    /// under `PostgresSchema.migrationLock`.
    private static func migrate(
        _ connection: PostgresConnection, files: StoreFiles, database: PostgresLocation, osUser: String
    ) async throws -> (Data, Sealer) {
        var createdKey = false
        do {
            return try await transaction(connection) { c in
                try await applyMigrations(c, database: database, osUser: osUser)
                if let check = try await value(c, keyCheckQuery, as: Data.self) {
                    return (check, Sealer(key: try key(files: files, check: check, database: database)))
                }
                createdKey = !FileManager.default.fileExists(atPath: files.key.path)
                let key =
                    createdKey
                    ? try StoreKey.generate().createOrAdopt(files.key, named: files.keyIsNamed)
                    : try StoreKey.read(files.key, named: files.keyIsNamed)
                let sealer = Sealer(key: key)
                let check = try sealer.keyCheck()
                try await run(c, "INSERT INTO meta (key, value) VALUES ('key-check', \(check))")
                return (check, sealer)
            }
        } catch is CommitAnswerLost {
            // The check may be recorded with the key made for it: the key stays, and the next
            // opening tells.
            throw PostgresStoreError.unreachable(database, "the answer to a commit was lost")
        } catch {
            // The check was not recorded: a key made for it would name nothing.
            if createdKey { unlink(files.key.path) }
            throw error
        }
    }

    /// Takes the migration lock (until the caller's transaction ends) and applies the missing
    /// migrations; a database migrated by a newer carport is refused.
    static func applyMigrations(_ c: PostgresConnection, database: PostgresLocation, osUser: String) async throws {
        try await run(c, "SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))")
        try await run(c, PostgresQuery(unsafeSQL: PostgresSchema.bookkeeping))
        let version = try await value(c, "SELECT coalesce(max(version), 0) FROM carport_migrations", as: Int.self) ?? 0
        guard version <= PostgresSchema.latest else {
            throw CarportError(
                .corruptStore,
                "The database \(database) was migrated by a newer carport (schema \(version), this one knows \(PostgresSchema.latest)); upgrade carport on this machine."
            )
        }
        for migration in PostgresSchema.migrations where migration.version > version {
            for statement in PostgresSchema.statements(migration.sql) {
                try await run(c, PostgresQuery(unsafeSQL: statement))
            }
            let by = "\(osUser)@\(AuditEntry.thisHost)"
            try await run(
                c,
                "INSERT INTO carport_migrations (version, name, applied_by) VALUES (\(migration.version), \(migration.name), \(by))"
            )
        }
    }

    /// This machine's key when it opens `check`; a key left in `key.new` by a rekey is adopted.
    static func key(files: StoreFiles, check: Data, database: PostgresLocation) throws -> StoreKey {
        let expected = keyCheckFingerprint(check)
        guard FileManager.default.fileExists(atPath: files.key.path) else {
            throw CarportError(
                .wrongKey,
                """
                The database \(database) expects the key whose check fingerprint is \(expected), and there is no \
                key at \(files.key.path). Copy that key file from a machine that uses this database (carport doctor \
                prints the fingerprint there) and set CARPORT_KEY_FILE to it.
                """)
        }
        let key = try StoreKey.read(files.key, named: files.keyIsNamed)
        if Sealer(key: key).matchesKeyCheck(check) { return key }
        if FileManager.default.fileExists(atPath: files.pendingKey.path) {
            let pending = try StoreKey.read(files.pendingKey)
            if Sealer(key: pending).matchesKeyCheck(check) {
                try SQLiteConnectionStore.finishRekey(files)
                return pending
            }
        }
        throw CarportError(
            .wrongKey,
            """
            The key \(files.key.path) does not open the database \(database): it expects the key whose check \
            fingerprint is \(expected). Nothing was changed. Copy that key here (CARPORT_KEY_FILE).
            """)
    }
}

extension PostgresSchema {
    /// A migration's statements, split at the semicolons outside `$$` function bodies (the
    /// extended protocol runs one statement per query).
    static func statements(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("--") { continue }
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, line.hasSuffix(";") {
                statements.append(current)
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { statements.append(current) }
        return statements
    }
}

extension PostgresConnectionStore {
    /// Whether `database` holds a Carport store (a key check), found without changing anything:
    /// `carport doctor` neither migrates nor records a key.
    public static func holdsStore(_ database: PostgresLocation, osUser: String) async throws -> Bool {
        let connection = try await connect(database, configuration: database.connectionConfiguration(osUser: osUser))
        defer {
            Task {
                try? await connection.close()
                OpenConnections.shared.forget(connection)
            }
        }
        return try await PostgresStoreError.translating(database) {
            guard try await value(connection, "SELECT to_regclass('meta') IS NOT NULL", as: Bool.self) == true else {
                return false
            }
            let checks = try await value(
                connection, "SELECT count(*) FROM meta WHERE key = 'key-check'", as: Int.self)
            return (checks ?? 0) > 0
        }
    }
}
