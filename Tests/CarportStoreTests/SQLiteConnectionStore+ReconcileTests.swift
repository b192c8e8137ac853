import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import Testing

/// The store's side of `carport reconcile` on a real SQLite file: every vehicle with its Smartcar
/// user (a connection without vehicles once), and the conditional re-auth mark.
struct SQLiteConnectionStoreReconcileTests {
    @Test func storedLinksCoverEveryVehicleAndEveryEmptyConnection() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        defer { try? store.close() }
        _ = try await store.insert(
            Fixture.connection("c1"),
            vehicles: [Fixture.vehicle("v1", connection: "c1"), Fixture.vehicle("v2", connection: "c1")],
            audit: Fixture.audit("connect"))
        _ = try await store.insert(Fixture.connection("c2"), vehicles: [], audit: Fixture.audit("connect"))
        var links: [StoredLink] = []
        try await store.forEachStoredLink { links.append($0) }
        #expect(links.count == 3)
        #expect(Set(links.compactMap(\.vehicle?.id)) == ["v1", "v2"])
        #expect(links.first { $0.vehicle == nil }?.connection.id == "c2")
        #expect(links.allSatisfy { $0.smartcarUserId == "user-\($0.connection.id)" })
    }

    @Test func theMarkIsWrittenOnceAndNeverOverANewerPair() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        defer { try? store.close() }
        for id in ["c1", "c2"] {
            _ = try await store.insert(Fixture.connection(id), vehicles: [], audit: Fixture.audit("connect"))
        }
        let later = Fixture.epoch.addingTimeInterval(60)
        let audit = Fixture.audit("reconcile", connection: "c1")
        #expect(try await store.markNeedsReauth(connectionId: "c1", reason: "gone", issuedBefore: later, audit: audit))
        #expect(try await store.connection(id: "c1")?.reauthReason == "gone")
        #expect(
            !(try await store.markNeedsReauth(connectionId: "c1", reason: "again", issuedBefore: later, audit: audit)))
        #expect(try await store.connection(id: "c1")?.reauthReason == "gone")
        // A pair issued at or after the moment reconcile read the store is never marked.
        #expect(
            !(try await store.markNeedsReauth(
                connectionId: "c2", reason: "gone", issuedBefore: Fixture.epoch, audit: audit)))
        #expect(try await store.connection(id: "c2")?.reauthReason == nil)
        #expect(try await store.auditLog(since: nil, limit: nil).filter { $0.action == "reconcile" }.count == 1)
    }
}
