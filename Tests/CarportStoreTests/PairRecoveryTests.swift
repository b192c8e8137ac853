import CarportCore
import CarportTestSupport
import Foundation
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
}
