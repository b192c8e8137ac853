import CarportCore
import CarportStore
import Foundation
import PostgresNIO

/// The advisory locks of one process (docs/TEAM-STORE.md, "Locks"): session locks on one
/// connection of its own, so they die with the process or with its session. Tasks of this process
/// take turns before they get here (`LocalLocks`: a session's advisory locks are re-entrant).
/// A lock held by another session is polled for, never waited on in the server, which would
/// stall every other lock call queued on this connection.
///
/// A query on a connection that has closed never returns (postgres-nio), so each query is raced
/// against a deadline and abandoned past it, and a closed connection is replaced before use.
actor PostgresLockSession {
    private var connection: PostgresConnection
    private let configuration: PostgresConnection.Configuration
    private let database: PostgresLocation
    private var closed = false

    init(first: PostgresConnection, configuration: PostgresConnection.Configuration, database: PostgresLocation) {
        connection = first
        self.configuration = configuration
        self.database = database
    }

    /// Takes the lock `name` (a connection id, `app-token:…`, `carport rekey`), polling with a
    /// pause that grows to 50 ms.
    func lock(_ name: String) async throws {
        let key = Self.key(name)
        var pause: UInt64 = 1_000_000
        while try await query("SELECT pg_try_advisory_lock(\(key))") != true {
            try await Task.sleep(nanoseconds: pause)
            pause = min(pause * 2, 50_000_000)
        }
    }

    /// Lets go of `name`; a session that ended let go already.
    func unlock(_ name: String) async {
        guard !connection.isClosed else { return }
        _ = try? await query("SELECT pg_advisory_unlock(\(Self.key(name)))")
    }

    func close() async {
        closed = true
        try? await connection.close()
        OpenConnections.shared.forget(connection)
    }

    private func query(_ query: PostgresQuery) async throws -> Bool? {
        let connection = try await live()
        let database = database
        return try await PostgresStoreError.translating(database) {
            try await abandoning(
                after: .seconds(10),
                {
                    // A lock taken after this gives up would belong to nobody: the session goes too.
                    _ = PostgresConnectionStore.giveUp(connection)
                    return PostgresStoreError.unreachable(database, "a lock query had no answer in 10 s")
                }
            ) {
                try await PostgresConnectionStore.value(connection, query, as: Bool.self)
            }
        }
    }

    /// The connection, made again when it closed (a database restart ends the session, and its
    /// locks with it: the in-flight lease in the row covers what was running).
    private func live() async throws -> PostgresConnection {
        guard connection.isClosed else { return connection }
        guard !closed else { throw CarportError(.store, "The store was closed.") }
        OpenConnections.shared.forget(connection)
        connection = try await PostgresConnectionStore.connect(database, configuration: configuration)
        return connection
    }

    /// FNV-1a of the name, as on SQLite's lock file: the same number on every machine.
    static func key(_ name: String) -> Int64 { Int64(bitPattern: RefreshLocks.fnv1a(name)) }
}

/// The connections made by `PostgresConnectionStore.connect` and not closed yet. A command ends without closing its store (the
/// process exit closes the socket); a `PostgresConnection` released while open is a programming
/// error to postgres-nio, so each one is kept here until its store closes it.
final class OpenConnections: @unchecked Sendable {
    static let shared = OpenConnections()
    private let lock = NSLock()
    private var open: [ObjectIdentifier: PostgresConnection] = [:]

    func keep(_ connection: PostgresConnection) { lock.withLock { open[ObjectIdentifier(connection)] = connection } }
    func forget(_ connection: PostgresConnection) {
        _ = lock.withLock { open.removeValue(forKey: ObjectIdentifier(connection)) }
    }
}
