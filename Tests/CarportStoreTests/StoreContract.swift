import CarportCore
import CarportPostgres
import CarportStore
import CarportTestSupport
import Foundation
import Testing

/// The two implementations of the store port, for the one contract suite.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A store of either backend on a fresh home (and, for PostgreSQL, a database of its own).
/// `another()` opens the same store again, as a second process or machine would.
struct ContractStore {
    let backend: Backend
    let store: any StoreBackend
    let home: TempHome
    let database: TeamDatabase?

    static func open(_ backend: Backend, at date: Date = Fixture.epoch) async throws -> ContractStore {
        let home = try TempHome()
        let database = backend == .postgres ? try await TeamDatabase.create() : nil
        let store = try await open(backend, home: home.files, database: database, at: date)
        return ContractStore(backend: backend, store: store, home: home, database: database)
    }

    static func open(_ backend: Backend, home: StoreFiles, database: TeamDatabase?, at date: Date) async throws
        -> any StoreBackend
    {
        switch backend {
        case .sqlite:
            return try SQLiteConnectionStore.open(files: home, clock: ManualClock(date), osUser: "tester")
        case .postgres:
            let location = try PostgresLocation.parse(
                database!.url, password: Secret(database!.password), setting: "test")
            return try await PostgresConnectionStore.open(
                database: location, files: home, clock: ManualClock(date), osUser: "tester")
        }
    }

    /// The same store opened again: another home with a copy of the key on PostgreSQL (another
    /// machine), the same home on SQLite (another process).
    func another(at date: Date = Fixture.epoch) async throws -> any StoreBackend {
        guard let database else { return try await Self.open(backend, home: home.files, database: nil, at: date) }
        let other = try TempHome()
        try FileManager.default.copyItem(at: home.files.key, to: other.files.key)
        return try await Self.open(backend, home: other.files, database: database, at: date)
    }

    func finish() async {
        try? await store.close()
        await database?.drop()
        home.remove()
    }
}

/// Runs `body` on a fresh store of `backend`, removed afterwards whatever happens.
func withStore(
    _ backend: Backend, at date: Date = Fixture.epoch, _ body: (ContractStore) async throws -> Void
) async throws {
    let fixture = try await ContractStore.open(backend, at: date)
    do {
        try await body(fixture)
    } catch {
        await fixture.finish()
        throw error
    }
    await fixture.finish()
}
