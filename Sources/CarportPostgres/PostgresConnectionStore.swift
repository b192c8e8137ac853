import CarportCore
import CarportStore
import Foundation
import Logging
import PostgresNIO

/// The team store (docs/TEAM-STORE.md): the `ConnectionStore` port on PostgreSQL, for several
/// operators and machines looking after one fleet. Secrets are sealed exactly as on SQLite, with
/// the key every machine keeps a copy of; the key, recovery files and `refresh-due.json` stay in
/// `CARPORT_HOME`. Writes take turns (each locks the change counter first), reads never wait.
public final class PostgresConnectionStore: StoreBackend, @unchecked Sendable {
    public let files: StoreFiles
    public let database: PostgresLocation
    let client: PostgresClient
    let runner: Task<Void, Never>
    let locks: PostgresLockSession
    let keys: KeyRing
    let clock: WallClock
    let osUser: String
    /// This process in the in-flight lease of a refresh: `<uuid> user@host pid N`.
    let holder: String
    let local = LocalLocks()
    let heartbeats = Heartbeats()
    let marks = ChangeMarks()
    /// The refresh token each connection held when this process took its refresh lock.
    let expected = ExpectedTokens()

    /// postgres-nio logs nothing of ours: errors come back as `CarportError`.
    static let logger = Logger(label: "carport.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    /// How long a command waits for a connection from the pool before it calls the database
    /// unreachable (the pool itself would wait a minute).
    static let leaseLimit: Duration = .seconds(10)

    init(
        files: StoreFiles, database: PostgresLocation, lockConnection: PostgresConnection, keys: KeyRing,
        clock: WallClock, osUser: String
    ) throws {
        self.files = files
        self.database = database
        let client = PostgresClient(
            configuration: database.clientConfiguration(osUser: osUser), backgroundLogger: Self.logger)
        self.client = client
        runner = Task { await client.run() }
        locks = PostgresLockSession(
            first: lockConnection, configuration: try database.connectionConfiguration(osUser: osUser),
            database: database)
        self.keys = keys
        self.clock = clock
        self.osUser = osUser
        holder = "\(UUID().uuidString.prefix(8).lowercased()) \(osUser)@\(AuditEntry.thisHost) pid \(getpid())"
    }

    public var location: String { "the database \(database)" }

    public var keyFingerprint: String { keys.checkFingerprint }

    public func fingerprint(_ secret: Secret) -> String { keys.current.fingerprint(secret) }

    public func close() async {
        heartbeats.stopAll()
        await locks.close()
        runner.cancel()
    }

    public func sizeInBytes() async throws -> Int? {
        try await read { c in
            try await Self.value(c, "SELECT pg_database_size(current_database())", as: Int.self) ?? 0
        }
    }

    // MARK: Running queries

    /// A connection from the pool for `body`; one not found within `leaseLimit` is an error that
    /// names the database (docs/TEAM-STORE.md, "Failures").
    func pooled<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let leased = Flag()
        let database = database
        return try await PostgresStoreError.translating(database) {
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await self.client.withConnection { connection in
                        leased.set()
                        return try await body(connection)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: Self.leaseLimit)
                    guard leased.isSet else {
                        throw PostgresStoreError.unreachable(database, "no connection within 10 seconds")
                    }
                    return nil
                }
                while let next = try await group.next() {
                    if let value = next {
                        group.cancelAll()
                        return value
                    }
                }
                throw CancellationError()
            }
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await pooled(body)
    }

    /// One transaction. Writers run side by side (READ COMMITTED): a write that depends on what
    /// it read locks that row first (`FOR UPDATE`), and one that seals locks the key check
    /// (`sealer`), so a rekey waits for it and it for a rekey.
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await pooled { connection in try await Self.transaction(connection, body) }
    }

    /// BEGIN, `body`, COMMIT (ROLLBACK when `body` throws), each through `start`. A COMMIT that
    /// gets no answer may have landed: that is said, never "nothing was written".
    static func transaction<T: Sendable>(
        _ connection: PostgresConnection, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let result: T
        do {
            try await run(connection, "BEGIN")
            result = try await body(connection)
        } catch {
            try? await run(connection, "ROLLBACK")
            throw error
        }
        do {
            try await run(connection, "COMMIT")
        } catch let error as CarportError {
            throw error
        } catch {
            throw CommitAnswerLost(underlying: error)
        }
        return result
    }

    /// How long a statement may take to start answering (a row lock behind a rekey included)
    /// before its connection is given up.
    static let statementLimit: Duration = .seconds(30)

    /// Starts `query`. A query written to a connection that has closed never returns
    /// (postgres-nio), so a closed one is refused, and a silent one is abandoned after
    /// `statementLimit` and its connection closed (the pool replaces it; what it held is let go).
    static func start(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> PostgresRowSequence {
        guard !connection.isClosed else { throw ConnectionClosed() }
        return try await abandoning(after: statementLimit, { giveUp(connection) }) {
            try await connection.query(query, logger: logger)
        }
    }

    /// Closes a connection that stopped answering, without waiting for it.
    static func giveUp(_ connection: PostgresConnection) -> Error {
        Task { try? await connection.close() }
        return ConnectionClosed()
    }

    static func run(_ connection: PostgresConnection, _ query: PostgresQuery) async throws {
        for try await _ in try await start(connection, query) {}
    }

    static func rows(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [PostgresRandomAccessRow]
    {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await start(connection, query) { rows.append(row.makeRandomAccess()) }
        return rows
    }

    static func value<T: PostgresDecodable>(_ connection: PostgresConnection, _ query: PostgresQuery, as: T.Type)
        async throws -> T? where T._DecodableType == T
    {
        for try await row in try await start(connection, query) {
            return try row.makeRandomAccess()[0].decode(T?.self)
        }
        return nil
    }

    /// The sealer of the key the store's check names, read in the caller's transaction and held
    /// (`FOR SHARE`) until it ends: a rekey cannot commit in between.
    func sealer(_ connection: PostgresConnection) async throws -> Sealer {
        guard let check = try await Self.value(connection, "\(unescaped: Self.keyCheckSQL) FOR SHARE", as: Data.self)
        else {
            throw CarportError(.corruptStore, "\(location) has lost its key-check value; restore it from a backup.")
        }
        return try keys.sealer(matching: check)
    }

    static let keyCheckSQL = "SELECT value FROM meta WHERE key = 'key-check'"
    static let keyCheckQuery = PostgresQuery(unsafeSQL: keyCheckSQL)
}

extension PostgresRandomAccessRow: StoredRow {
    package func text(_ index: Int) throws -> String? { try self[index].decode(String?.self) }
    package func number(_ index: Int) throws -> Double? { try self[index].decode(Double?.self) }
    package func integer(_ index: Int) throws -> Int? { try self[index].decode(Int?.self) }
    package func blob(_ index: Int) throws -> Data? { try self[index].decode(Data?.self) }
}

/// Set once, read from other tasks.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// The transactions still running at each change mark this store handed out (the last few):
/// what they write is a change after that mark though their ids come before it.
final class ChangeMarks: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [Int64: [Int64]] = [:]
    private var order: [Int64] = []

    func remember(_ mark: Int64, running ids: [Int64]) {
        lock.withLock {
            if running.updateValue(ids, forKey: mark) == nil { order.append(mark) }
            if order.count > 64 { running[order.removeFirst()] = nil }
        }
    }

    func running(at mark: Int64) -> [Int64]? { lock.withLock { running[mark] } }
}

/// The refresh token read under each refresh lock this process holds.
final class ExpectedTokens: @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: [String: Secret] = [:]

    func set(_ id: String, _ token: Secret?) { lock.withLock { tokens[id] = token } }
    func get(_ id: String) -> Secret? { lock.withLock { tokens[id] } }
}
