import CarportCore
import CarportTestSupport
import Foundation
import GRDB
import Testing

@testable import CarportStore

/// The change feed (migration v8): what one store handle writes, another sees by `changes(since:)`,
/// numbered by index, with the connection's vehicles; too many is an overflow.
struct SQLiteChangeFeedTests {
    @Test func anotherHandleSeesEachWriteToAConnectionOrItsVehicles() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let writer = try Fixture.open(home)
        let reader = try Fixture.open(home)
        for id in ["c1", "c2"] {
            _ = try await writer.insert(
                Fixture.connection(id), vehicles: [Fixture.vehicle("v-\(id)", connection: id)],
                audit: Fixture.audit("connect"))
        }
        let mark = try await reader.changeMark()
        #expect(try await reader.changes(since: mark, limit: 10) == StoreChanges(mark: mark))

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
        #expect(try await reader.changes(since: second.mark, limit: 1) == StoreChanges(mark: both.mark, overflow: true))
        try writer.close()
        try reader.close()
    }

    @Test func aFleetIsNotReadToFindWhatChanged() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        let plan = try await store.pool.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN SELECT id FROM connections c WHERE c.change_seq > 0 ORDER BY c.change_seq"
            ).map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.contains { $0.contains("connections_by_change") }, "\(plan)")
        try store.close()
    }
}
