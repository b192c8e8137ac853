import CarportCore
import CarportTestSupport
import Foundation
import GRDB
import Testing

@testable import CarportStore

/// The change feed (migration v8) is found by index; what it returns is in the contract suite
/// (`StoreSharingContractTests`).
struct SQLiteChangeFeedTests {
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
