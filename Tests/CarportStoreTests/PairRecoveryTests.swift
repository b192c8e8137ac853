import CarportCore
import CarportTestSupport
import Foundation
import GRDB
import SmartcarKit
import Testing

@testable import CarportStore

/// Pairs the store could not take, saved sealed and adopted by the next opening of the store.
@Suite struct PairRecoveryTests {
    static let attempt = Fixture.epoch.addingTimeInterval(7200)

    @Test("a saved pair is sealed in a private file, and the next opening stores it over the pair it replaced")
    func savedPairIsAdoptedByTheNextOpening() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home, at: Self.attempt)
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        let path = try store.keepUnstoredPair(
            connectionId: "c1", replacing: Fixture.pair("c1").refreshToken, tokens: Fixture.pair("saved"),
            attempt: Self.attempt)
        let file = URL(fileURLWithPath: path)
        #expect(file.deletingLastPathComponent().lastPathComponent == "recovery")
        #expect(try Fixture.fileMode(file) == 0o600)
        #expect(try Fixture.fileMode(file.deletingLastPathComponent()) == 0o700)
        let bytes = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        #expect(!bytes.contains("refresh-saved") && !bytes.contains("access-saved") && !bytes.contains("refresh-c1"))
        try store.close()

        let reopened = try Fixture.open(home, at: Self.attempt)
        defer { try? reopened.close() }
        let row = try #require(try await reopened.connection(id: "c1"))
        #expect(row.tokens == Fixture.pair("saved"))
        #expect(row.lastRefresh?.outcome == .succeeded)
        #expect(!FileManager.default.fileExists(atPath: path))
        let audit = try await reopened.auditLog(since: nil, limit: nil)
        #expect(audit.contains { $0.action == "recovery" && $0.outcome == "adopted" && $0.connectionId == "c1" })
    }

    @Test("a saved pair the store moved past is dropped, the newer pair kept, and the file deleted")
    func savedPairOverANewerPairIsDropped() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home, at: Self.attempt)
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        let path = try store.keepUnstoredPair(
            connectionId: "c1", replacing: Fixture.pair("c1").refreshToken, tokens: Fixture.pair("saved"),
            attempt: Self.attempt)
        let gone = try store.keepUnstoredPair(
            connectionId: "nobody", replacing: Fixture.pair("x").refreshToken, tokens: Fixture.pair("y"),
            attempt: Self.attempt)
        try await store.replaceTokens(
            connectionId: "c1", tokens: Fixture.pair("reauth"), audit: Fixture.audit("reauth"))
        let sentences = store.adoptRecoveredPairs()
        #expect(sentences.count == 2)
        #expect(sentences.contains { $0.contains("newer pair") && $0.contains(path) })
        #expect(sentences.contains { $0.contains("no longer in the store") })
        #expect(try await store.connection(id: "c1")?.tokens == Fixture.pair("reauth"))
        #expect(!FileManager.default.fileExists(atPath: path) && !FileManager.default.fileExists(atPath: gone))
        let audit = try await store.auditLog(since: nil, limit: nil)
        #expect(audit.contains { $0.action == "recovery" && $0.outcome == "superseded" })
        try store.close()
    }

    @Test("a pair saved by this process is stored before its next refresh reads the row")
    func savedPairIsAdoptedUnderTheRefreshLock() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home, at: Self.attempt)
        defer { try? store.close() }
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        _ = try await store.insert(Fixture.connection("c2"), vehicles: [], audit: Fixture.audit("connect"))
        for id in ["c1", "c2"] {
            _ = try store.keepUnstoredPair(
                connectionId: id, replacing: Fixture.pair(id).refreshToken, tokens: Fixture.pair("saved-\(id)"),
                attempt: Self.attempt)
        }
        #expect(try await store.withRefreshLock(connectionId: "c1") { $0.tokens } == Fixture.pair("saved-c1"))
        #expect(store.recovery.pending().count == 1)
        #expect(try await store.connection(id: "c2")?.tokens == Fixture.pair("c2"))
    }

    @Test("a saved pair the store still refuses stops the refresh before the token it replaced is sent")
    func unstorableSavedPairStopsTheRefresh() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home, at: Self.attempt)
        defer { try? store.close() }
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        _ = try store.keepUnstoredPair(
            connectionId: "c1", replacing: Fixture.pair("c1").refreshToken, tokens: Fixture.pair("saved"),
            attempt: Self.attempt)
        try StoreFaults.refuseTokenWrites(database: home.files.database.path, true)
        let service = TokenServiceStub.rotating()
        let clock = ManualClock(Self.attempt)
        let engine = RefreshEngine(
            store: store, api: try LiveSmartcarClient.stubbed(service, clock: clock), clock: clock)
        let result = await engine.refresh(connectionId: "c1", selection: .all(since: Self.attempt))
        #expect(result.outcome == .failed)
        #expect(result.message?.contains("nothing was sent") == true, "\(result.message ?? "")")
        #expect(service.requestCount == 0)
        #expect(store.recovery.pending().count == 1)
    }
}
