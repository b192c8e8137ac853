import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import Testing

@testable import CarportPostgres

/// What only the team store does (docs/TEAM-STORE.md): one key for every machine, recorded under
/// the migration lock; migrations that two machines may start at once; the in-flight lease that
/// outlives a lost database session.
@Suite(.serialized) struct TeamStoreTests {
    static func open(_ database: TeamDatabase, _ home: TempHome) async throws -> any StoreBackend {
        try await ContractStore.open(.postgres, home: home.files, database: database, at: Fixture.epoch)
    }

    @Test func machinesStartingAtOnceOnAnEmptyDatabaseRecordOneKey() async throws {
        let database = try await TeamDatabase.create()
        let homes = try (0..<4).map { _ in try TempHome() }
        defer { for home in homes { home.remove() } }
        let outcomes = LockBox<[String]>([])
        await withTaskGroup(of: Void.self) { group in
            for home in homes {
                group.addTask {
                    do {
                        let store = try await Self.open(database, home)
                        outcomes.withLock { $0.append("opened") }
                        try? await store.close()
                    } catch let error as CarportError {
                        outcomes.withLock { $0.append(error.kind == .wrongKey ? "needs the key" : error.message) }
                    } catch {
                        outcomes.withLock { $0.append("\(error)") }
                    }
                }
            }
        }
        // The first records its key; the others, each with a key of its own or none, are told
        // which key the database expects, and none of them wrote a key file for it.
        #expect(outcomes.value.sorted() == ["needs the key", "needs the key", "needs the key", "opened"])
        #expect(homes.filter { FileManager.default.fileExists(atPath: $0.files.key.path) }.count == 1)
        #expect(!homes.contains { FileManager.default.fileExists(atPath: $0.files.database.path) }, "no SQLite file")
        #expect(try await database.query("SELECT count(*) FROM meta WHERE key = 'key-check'") == "1\n")
        #expect(try await database.query("SELECT max(version) FROM carport_migrations") == "1\n")
        await database.drop()
    }

    @Test func aMissingOrWrongKeyIsNamedByItsCheckAndChangesNothing() async throws {
        try await withStore(.postgres) { fixture in
            _ = try await fixture.store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            let database = try #require(fixture.database)
            let fingerprint = fixture.store.keyFingerprint
            let bare = try TempHome()
            defer { bare.remove() }
            let missing = await #expect(throws: CarportError.self) { _ = try await Self.open(database, bare) }
            #expect(missing?.kind == .wrongKey)
            #expect(
                missing?.message.contains("check fingerprint is \(fingerprint)") == true, "\(missing?.message ?? "")")
            #expect(!FileManager.default.fileExists(atPath: bare.files.key.path), "no key is made for a keyed store")

            try StoreKey.generate().write(to: bare.files.key)
            let before = try await database.dump()
            let wrong = await #expect(throws: CarportError.self) { _ = try await Self.open(database, bare) }
            #expect(wrong?.kind == .wrongKey && wrong?.message.contains(fingerprint) == true)
            #expect(try await database.dump() == before, "a wrong key writes nothing")
        }
    }

    @Test func aDatabaseMigratedByANewerCarportIsRefused() async throws {
        try await withStore(.postgres) { fixture in
            let database = try #require(fixture.database)
            _ = try await database.query(
                "INSERT INTO carport_migrations (version, name, applied_by) VALUES (99, 'future', 'someone')")
            let error = await #expect(throws: CarportError.self) { _ = try await fixture.another() }
            #expect(error?.message.contains("migrated by a newer carport") == true, "\(error?.message ?? "")")
        }
    }

    /// The refresh lock dies with its database session (a restart, a network blip) while its
    /// process still waits for Smartcar: another machine then takes the lock, finds the in-flight
    /// lease live, and waits for the outcome instead of sending the same refresh token.
    @Test func anInFlightLeaseHoldsOffAnotherMachineAfterTheLockIsLost() async throws {
        try await withStore(.postgres) { fixture in
            let database = try #require(fixture.database)
            let holder = fixture.store
            let other = try await fixture.another()
            _ = try await holder.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            let marked = AsyncFlag()
            let finish = AsyncFlag()
            let first = Task {
                try await holder.withRefreshLock(connectionId: "c1") { _ in
                    try await holder.recordRefresh(
                        connectionId: "c1", tokens: nil,
                        record: RefreshRecord(attemptedAt: Fixture.epoch, outcome: .inFlight), reauthReason: nil)
                    await marked.raise()
                    await finish.wait()
                    _ = try await holder.recordRefresh(
                        connectionId: "c1", replacing: Fixture.pair("c1").refreshToken, tokens: Fixture.pair("next"),
                        record: RefreshRecord(attemptedAt: Fixture.epoch, outcome: .succeeded), reauthReason: nil)
                }
            }
            await marked.wait()
            // The holder's lock session ends, as in a database restart; its process goes on.
            try await database.endLockSessions()
            let seen = LockBox<String?>(nil)
            let second = Task {
                try await other.withRefreshLock(connectionId: "c1") { row in
                    seen.withLock { $0 = row.tokens?.refreshToken.reveal() }
                }
            }
            // Longer than the lease: the holder's heartbeat keeps it.
            try await Task.sleep(for: .seconds(PostgresConnectionStore.lease + 3))
            #expect(seen.value == nil, "the other machine must wait for the in-flight refresh")
            await finish.raise()
            try await first.value
            try await second.value
            #expect(seen.value == "refresh-next", "it reads the pair the first machine stored")
            try await other.close()
        }
    }

    /// The lock's session ends while the refresh waits for a request slot, and another machine
    /// refreshes the connection meanwhile: the first one's in-flight mark is refused, so it never
    /// sends the token the other one spent.
    @Test func anInFlightMarkAfterTheLockWasLostIsRefused() async throws {
        try await withStore(.postgres) { fixture in
            let database = try #require(fixture.database)
            let first = fixture.store
            let other = try await fixture.another()
            _ = try await first.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            let locked = AsyncFlag()
            let proceed = AsyncFlag()
            let marking = Task {
                try await first.withRefreshLock(connectionId: "c1") { _ in
                    await locked.raise()
                    await proceed.wait()
                    try await first.recordRefresh(
                        connectionId: "c1", tokens: nil,
                        record: RefreshRecord(attemptedAt: Fixture.epoch, outcome: .inFlight), reauthReason: nil)
                }
            }
            await locked.wait()
            try await database.endLockSessions()
            try await other.withRefreshLock(connectionId: "c1") { _ in
                _ = try await other.recordRefresh(
                    connectionId: "c1", replacing: Fixture.pair("c1").refreshToken, tokens: Fixture.pair("next"),
                    record: RefreshRecord(attemptedAt: Fixture.epoch, outcome: .succeeded), reauthReason: nil)
            }
            await proceed.raise()
            let refused = await #expect(throws: CarportError.self) { try await marking.value }
            #expect(refused?.kind == .transient && refused?.message.contains("nothing was sent") == true)
            #expect(try await first.connection(id: "c1")?.tokens == Fixture.pair("next"))
            try await other.close()
        }
    }

    /// A transaction that started before a poll and commits after it: its change comes with the
    /// next poll, though its id is below that poll's mark.
    @Test func aChangeCommittedAfterAPollThatSawItRunningIsNotMissed() async throws {
        try await withStore(.postgres) { fixture in
            let store = try #require(fixture.store as? PostgresConnectionStore)
            _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            _ = try await store.insert(Fixture.connection("c2"), vehicles: [], audit: Fixture.audit("connect"))
            let start = try await store.changeMark()
            let written = AsyncFlag()
            let commit = AsyncFlag()
            let slow = Task {
                try await store.write { c in
                    try await PostgresConnectionStore.run(
                        c, "UPDATE connections SET reauth_reason = 'slow' WHERE id = 'c1'")
                    await written.raise()
                    await commit.wait()
                }
            }
            await written.wait()
            _ = try await store.markNeedsReauth(
                connectionId: "c2", reason: "quick", issuedBefore: .distantFuture, audit: Fixture.audit("mark"))
            let first = try await store.changes(since: start, limit: 10)
            #expect(first.connections.map(\.id) == ["c2"], "c1's change is not committed yet")
            await commit.raise()
            try await slow.value
            let second = try await store.changes(since: first.mark, limit: 10)
            #expect(second.connections.map(\.id).contains("c1"), "the slow transaction's change")
            #expect(second.connections.first { $0.id == "c1" }?.state.reauthReason == "slow")
        }
    }

    @Test func aDatabaseURLSaysWhereAndHowSafely() throws {
        let local = try PostgresLocation.parse("postgres://ops@localhost/fleet", password: nil, setting: "URL")
        #expect(local.description == "ops@localhost:5432/fleet" && local.tls == .disable)
        let remote = try PostgresLocation.parse(
            "postgresql://ops@db.example.com:6432/fleet?sslmode=verify-full&sslrootcert=/etc/ca.pem", password: nil,
            setting: "URL")
        #expect(remote.tls == .verifyFull && remote.rootCertificate == "/etc/ca.pem" && remote.port == 6432)
        for (text, says) in [
            ("postgres://ops:hunter2@localhost/fleet", "holds a password"),
            ("postgres://ops@db.example.com/fleet", "without encryption"),
            ("postgres://ops@db.example.com/fleet?sslmode=disable", "without encryption"),
            ("postgres://ops@db.example.com/fleet?sslmode=prefer", "sslmode=prefer"),
            ("postgres://localhost/fleet", "names no user"), ("postgres://ops@localhost", "names no database"),
            ("mysql://ops@localhost/fleet", "not a postgres:// URL"),
            ("postgres://ops@localhost/fleet?options=x", "`options`"),
        ] {
            let error = #expect(throws: CarportError.self) {
                _ = try PostgresLocation.parse(text, password: nil, setting: "URL")
            }
            #expect(
                error?.kind == .configuration && error?.message.contains(says) == true,
                "\(text): \(error?.message ?? "")")
            #expect(error?.message.contains("hunter2") == false)
        }
    }
}

/// A one-way signal between tasks.
actor AsyncFlag {
    private var raised = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func raise() {
        raised = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func wait() async {
        if raised { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
