import CarportCore
import Foundation
import GRDB

extension SQLiteConnectionStore {
    /// Opens the store in `files.home`, creating the folder, key and database on first use.
    /// Refuses files others can read or another user owns; tells a wrong key (`.wrongKey`) from a
    /// damaged file (`.corruptStore`); never recreates, truncates or repairs an existing database.
    /// Openers take turns (`withFirstUseLock`), so processes that find an empty home at once
    /// all end up with the one key whose check the store records.
    public static func open(files: StoreFiles, clock: WallClock, osUser: String) throws -> SQLiteConnectionStore {
        try files.prepareHome()
        let (pool, check, sealer) = try files.withFirstUseLock { try openPool(files) }
        let store = try SQLiteConnectionStore(
            files: files, pool: pool, keys: KeyRing(files: files, check: check, sealer: sealer),
            clock: clock, osUser: osUser)
        for sentence in store.adoptRecoveredPairs() {
            FileHandle.standardError.write(Data("carport: \(sentence)\n".utf8))
        }
        return store
    }

    /// The database, its key and its key check, made on first use; under the first-use lock.
    private static func openPool(_ files: StoreFiles) throws -> (DatabasePool, Data, Sealer) {
        if !FileManager.default.fileExists(atPath: files.database.path) {
            try StoreFiles.createPrivateFile(files.database)
        }
        for suffix in ["", "-wal", "-shm"] {
            try StoreFiles.refuseUnsafeStoreFile(URL(fileURLWithPath: files.database.path + suffix))
        }
        // Checks go through a read-only connection first, so a store this key cannot open, or a
        // file that is not a store, is never written to (not even to switch it to WAL).
        let storedCheck = try StoreError.translating { try probe(files.database) }
        let key = try Self.key(files: files, storedCheck: storedCheck)
        let pool = try StoreError.translating {
            let pool = try DatabasePool(path: files.database.path, configuration: configuration)
            // GRDB sets `synchronous = NORMAL` on the writer when it enables WAL (after
            // `prepareDatabase`): every commit must reach the disk, so set FULL again.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            return pool
        }
        let sealer = Sealer(key: key)
        let check = try StoreError.translating {
            try StoreSchema.migrator.migrate(pool)
            if let storedCheck { return storedCheck }
            let check = try sealer.keyCheck()
            try pool.write { db in
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('key-check', ?)", arguments: [check])
            }
            return check
        }
        return (pool, check, sealer)
    }

    static var configuration: GRDB.Configuration {
        var config = GRDB.Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return config
    }

    static func probe(_ database: URL) throws -> Data? {
        var config = GRDB.Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: database.path, configuration: config)
        defer { try? queue.close() }
        return try queue.read { try storedKeyCheck($0, path: database.path) }
    }

    /// The key-check value, or nil in a store that has none yet (a new or empty file).
    static func storedKeyCheck(_ db: Database, path: String) throws -> Data? {
        guard try db.tableExists("meta") else {
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            guard tables == 0 else {
                throw CarportError(
                    .corruptStore,
                    """
                    \(path) is a SQLite database but not a Carport store; Carport leaves it alone. \
                    Point CARPORT_HOME at another folder, or move the file aside.
                    """)
            }
            return nil
        }
        guard let check = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'key-check'") else {
            throw CarportError(.corruptStore, "The store has lost its key-check value; restore it from a backup.")
        }
        return check
    }

    /// The key that opens this store. A rekey interrupted between its commit and its rename
    /// left the new key in `key.new`: it is adopted here.
    static func key(files: StoreFiles, storedCheck: Data?) throws -> StoreKey {
        let manager = FileManager.default
        guard manager.fileExists(atPath: files.key.path) else {
            if storedCheck != nil {
                throw CarportError(
                    .wrongKey,
                    """
                    The key file \(files.key.path) is missing, and the store \(files.database.path) cannot be \
                    opened without it. Restore the key from your backup, or set CARPORT_KEY_FILE to its path.
                    """)
            }
            return try StoreKey.generate().createOrAdopt(files.key, named: files.keyIsNamed)
        }
        let key = try StoreKey.read(files.key, named: files.keyIsNamed)
        guard let storedCheck, !Sealer(key: key).matchesKeyCheck(storedCheck) else { return key }
        if manager.fileExists(atPath: files.pendingKey.path) {
            let pending = try StoreKey.read(files.pendingKey)
            if Sealer(key: pending).matchesKeyCheck(storedCheck) {
                try finishRekey(files)
                return pending
            }
        }
        throw CarportError(
            .wrongKey,
            """
            The key \(files.key.path) does not open the store \(files.database.path) (key-check mismatch); \
            the store itself is intact. Use the key this store was created with (CARPORT_KEY_FILE).
            """)
    }

    /// Moves `key.new` over `key`, durably.
    package static func finishRekey(_ files: StoreFiles) throws {
        guard rename(files.pendingKey.path, files.key.path) == 0 else {
            throw CarportError(
                .store,
                "Cannot rename \(files.pendingKey.path) to \(files.key.path): \(String(cString: strerror(errno))).")
        }
        StoreFiles.syncFolder(files.key.deletingLastPathComponent())
    }
}
