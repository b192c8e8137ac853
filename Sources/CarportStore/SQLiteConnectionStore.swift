import CarportCore
import Foundation
import GRDB

/// The encrypted SQLite store (`ConnectionStore` port). Open it with `open(files:clock:osUser:)`;
/// one instance per process is enough (it is safe to share between tasks).
public final class SQLiteConnectionStore: StoreBackend, @unchecked Sendable {
    /// Longer than any HTTP timeout, so a writer never gives up while another carport is in the
    /// middle of a refresh.
    public static let busyTimeout: TimeInterval = 120

    public let files: StoreFiles
    let pool: DatabasePool
    let keys: KeyRing
    let clock: WallClock
    let osUser: String
    let batcher: WriteBatcher
    let refreshLocks: RefreshLocks

    init(files: StoreFiles, pool: DatabasePool, keys: KeyRing, clock: WallClock, osUser: String) throws {
        self.files = files
        self.pool = pool
        self.keys = keys
        self.clock = clock
        self.osUser = osUser
        batcher = WriteBatcher(writer: pool)
        refreshLocks = try RefreshLocks(file: files.lock)
    }

    /// Closes the database (checkpointing its WAL). The store cannot be used afterwards.
    public func close() throws { try StoreError.translating { try pool.close() } }

    public var location: String { "the store \(files.database.path)" }

    /// The database file with its WAL and shared-memory files.
    public func sizeInBytes() -> Int? {
        let database = files.database.path
        return [database, database + "-wal", database + "-shm"].reduce(0) { total, path in
            var info = stat()
            return total + (stat(path, &info) == 0 ? Int(info.st_size) : 0)
        }
    }

    public var keyFingerprint: String { keys.checkFingerprint }

    /// A short keyed fingerprint of a token, for the audit log and `carport audit`.
    public func fingerprint(_ secret: Secret) -> String { keys.current.fingerprint(secret) }

    // MARK: Reads

    public func connections() async throws -> [Connection] {
        try await read { db in
            let sealer = try self.keys.sealer(for: db)
            return try Array(
                Row.fetchCursor(
                    db, sql: "SELECT \(StoredRows.connectionColumns) FROM connections c ORDER BY customer, id"
                )
                .map {
                    try StoredRows.connection(from: $0, sealer: sealer)
                })
        }
    }

    public func connectionSummaries() async throws -> [ConnectionSummary] {
        try await read { db in
            var scopes = ScopeTexts()
            return try Array(
                Row.fetchCursor(db, sql: "SELECT \(StoredRows.summaryColumns) FROM connections c").map {
                    try StoredRows.summary(from: $0, at: 0, scopes: &scopes)
                })
        }
    }

    public func connection(id: String) async throws -> Connection? {
        try await read { db in try self.fetchConnection(db, id: id) }
    }

    public func vehicles() async throws -> [Vehicle] {
        try await read { db in
            try Array(
                Row.fetchCursor(
                    db, sql: "SELECT \(StoredRows.vehicleColumns) FROM vehicles v ORDER BY connection_id, id"
                )
                .map { try StoredRows.vehicle(from: $0) })
        }
    }

    static let connectionVehiclesQuery =
        "SELECT \(StoredRows.vehicleColumns) FROM vehicles v WHERE connection_id = ? ORDER BY id"

    public func vehicles(connectionId: String) async throws -> [Vehicle] {
        try await read { db in
            try Array(
                Row.fetchCursor(db, sql: Self.connectionVehiclesQuery, arguments: [connectionId]).map {
                    try StoredRows.vehicle(from: $0)
                })
        }
    }

    public func vehicle(id: String) async throws -> Vehicle? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(StoredRows.vehicleColumns) FROM vehicles v WHERE id = ?", arguments: [id]
            )
            .map { try StoredRows.vehicle(from: $0) }
        }
    }

    /// Newest first.
    public func auditLog(since: Date?, limit: Int?) async throws -> [AuditEntry] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(StoredRows.auditColumns) FROM audit_log WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?
                    """,
                arguments: [since?.timeIntervalSinceReferenceDate ?? -Double.greatestFiniteMagnitude, limit ?? -1]
            )
            .map { try StoredRows.auditEntry(from: $0) }
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    public func integrityCheck() async throws -> String {
        try await read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }

    func fetchConnection(_ db: Database, id: String) throws -> Connection? {
        let sealer = try keys.sealer(for: db)
        return try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT \(StoredRows.connectionColumns) FROM connections c WHERE id = ?"),
            arguments: [id]
        )
        .map { try StoredRows.connection(from: $0, sealer: sealer) }.next()
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await StoreError.translating { try await pool.read(body) }
    }
}
