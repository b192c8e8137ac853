import CarportCore
import Foundation
import GRDB

extension SQLiteConnectionStore {
    /// Opens the store in `files.home`, creating the folder, key and database on first use.
    /// Refuses files others can read; tells a wrong key (`.wrongKey`) from a damaged file
    /// (`.corruptStore`); never recreates, truncates or repairs an existing database.
    public static func open(files: StoreFiles, clock: WallClock, osUser: String) throws -> SQLiteConnectionStore {
        try files.prepareHome()
        let manager = FileManager.default
        let isNew = !manager.fileExists(atPath: files.database.path)
        if isNew {
            try StoreFiles.createPrivateFile(files.database)
        }
        for suffix in ["", "-wal", "-shm"] {
            let url = URL(fileURLWithPath: files.database.path + suffix)
            if manager.fileExists(atPath: url.path) { try StoreFiles.refuseExposed(url) }
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
        return try SQLiteConnectionStore(
            files: files, pool: pool, keys: KeyRing(files: files, check: check, sealer: sealer),
            clock: clock, osUser: osUser)
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
        return try queue.read(storedKeyCheck)
    }

    /// The key-check value, or nil in a store that has none yet (a new or empty file).
    static func storedKeyCheck(_ db: Database) throws -> Data? {
        guard try db.tableExists("meta") else {
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            guard tables == 0 else {
                throw CarportError(
                    .corruptStore,
                    """
                    \(db.description) is a SQLite database but not a Carport store; Carport leaves it alone. \
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
            let key = StoreKey.generate()
            try key.write(to: files.key)
            return key
        }
        let key = try StoreKey.read(files.key)
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
    static func finishRekey(_ files: StoreFiles) throws {
        guard rename(files.pendingKey.path, files.key.path) == 0 else {
            throw CarportError(
                .store,
                "Cannot rename \(files.pendingKey.path) to \(files.key.path): \(String(cString: strerror(errno))).")
        }
        StoreFiles.syncFolder(files.key.deletingLastPathComponent())
    }
}
