import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import Testing

/// The contract where several openers share one store (processes on SQLite, machines on
/// PostgreSQL): the change feed, conditional pair writes, the refresh lock, saved pairs.
@Suite(.serialized) struct StoreSharingContractTests {
    @Test(arguments: Backend.allCases) func anotherOpenerSeesEachWriteToAConnectionOrItsVehicles(_ backend: Backend)
        async throws
    {
        try await withStore(backend) { fixture in
            let writer = fixture.store
            let reader = try await fixture.another()
            for id in ["c1", "c2"] {
                _ = try await writer.insert(
                    Fixture.connection(id), vehicles: [Fixture.vehicle("v-\(id)", connection: id)],
                    audit: Fixture.audit("connect"))
            }
            let mark = try await reader.changeMark()
            #expect(try await reader.changes(since: mark, limit: 10).connections.isEmpty)

            _ = try await writer.markNeedsReauth(
                connectionId: "c2", reason: "gone", issuedBefore: .distantFuture, audit: Fixture.audit("test"))
            let first = try await reader.changes(since: mark, limit: 10)
            #expect(first.mark > mark && first.connections.map(\.id) == ["c2"])
            #expect(first.connections.first?.state.reauthReason == "gone" && first.vehicles.map(\.id) == ["v-c2"])

            try await writer.removeVehicle(id: "v-c1", audit: Fixture.audit("disconnect"))
            let second = try await reader.changes(since: first.mark, limit: 10)
            #expect(second.connections.map(\.id) == ["c1"] && second.vehicles.isEmpty)

            try await writer.recordRead(vehicleId: "v-c2", at: Fixture.epoch)
            _ = try await writer.insert(Fixture.connection("c3"), vehicles: [], audit: Fixture.audit("connect"))
            let both = try await reader.changes(since: second.mark, limit: 10)
            #expect(both.connections.map(\.id) == ["c2", "c3"], "in the order they changed")
            #expect(
                try await reader.changes(since: second.mark, limit: 1) == StoreChanges(mark: both.mark, overflow: true))
            try await reader.close()
        }
    }

    @Test(arguments: Backend.allCases) func aPairWriteChecksTheTokenItReplaces(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            let spent = Fixture.pair("c1").refreshToken
            let next = Fixture.pair("next", issuedAt: Fixture.epoch.addingTimeInterval(60))
            let record = RefreshRecord(attemptedAt: Fixture.epoch.addingTimeInterval(60), outcome: .succeeded)
            #expect(
                try await store.recordRefresh(
                    connectionId: "c1", replacing: spent, tokens: next, record: record, reauthReason: nil) == .written)
            // The same write again (its commit answer was lost, the retry finds it stored): written.
            #expect(
                try await store.recordRefresh(
                    connectionId: "c1", replacing: spent, tokens: next, record: record, reauthReason: nil) == .written)
            // A write over a token that is no longer stored changes nothing.
            let stale = Fixture.pair("stale")
            #expect(
                try await store.recordRefresh(
                    connectionId: "c1", replacing: spent, tokens: stale, record: record, reauthReason: nil)
                    == .superseded)
            #expect(
                try await store.replaceTokens(
                    connectionId: "c1", replacing: spent, tokens: stale, audit: Fixture.audit("reauth")) == .superseded)
            #expect(try await store.connection(id: "c1")?.tokens == next)
            #expect(
                try await store.replaceTokens(
                    connectionId: "c1", replacing: next.refreshToken, tokens: stale, audit: Fixture.audit("reauth"))
                    == .written)
            #expect(try await store.connection(id: "c1")?.tokens == stale)
            let unknown = await #expect(throws: CarportError.self) {
                try await store.recordRefresh(
                    connectionId: "nope", tokens: nil, record: record, reauthReason: nil)
            }
            #expect(unknown?.kind == .notFound)
        }
    }

    /// Two openers (processes, machines) hold one connection's refresh lock in turn: the second
    /// reads the row as the first left it, never a row from before.
    @Test(arguments: Backend.allCases) func theRefreshLockIsHeldInTurnAcrossOpeners(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            _ = try await fixture.store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            let stores = [fixture.store, try await fixture.another(), try await fixture.another()]
            let counter = LockBox(0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, store) in stores.enumerated() {
                    for round in 0..<4 {
                        group.addTask {
                            try await store.withRefreshLock(connectionId: "c1") { row in
                                let seen = Int(row.tokens?.accessToken.reveal().dropFirst("access-".count) ?? "") ?? 0
                                let turn = counter.withLock { value -> Int in
                                    defer { value += 1 }
                                    return value
                                }
                                #expect(seen == turn, "opener \(index), round \(round)")
                                try await Task.sleep(for: .milliseconds(5))
                                try await store.recordRefresh(
                                    connectionId: "c1", tokens: Fixture.pair("\(seen + 1)"),
                                    record: RefreshRecord(attemptedAt: Fixture.epoch, outcome: .succeeded),
                                    reauthReason: nil)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await fixture.store.connection(id: "c1")?.tokens?.accessToken.reveal() == "access-12")
            for store in stores.dropFirst() { try await store.close() }
        }
    }

    @Test(arguments: Backend.allCases) func aSavedPairIsAdoptedByTheNextOpening(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            _ = try await fixture.store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            let next = Fixture.pair("saved", issuedAt: Fixture.epoch.addingTimeInterval(30))
            let path = try await fixture.store.keepUnstoredPair(
                connectionId: "c1", replacing: Fixture.pair("c1").refreshToken, tokens: next, attempt: Fixture.epoch)
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("refresh-saved"))
            let again: any StoreBackend = try await ContractStore.open(
                backend, home: fixture.home.files, database: fixture.database, at: Fixture.epoch)
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(try await again.connection(id: "c1")?.tokens == next)
            #expect(try await again.auditLog(since: nil, limit: 1).first?.outcome == "adopted")
            try await again.close()
        }
    }
}
