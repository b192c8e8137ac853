import CarportCore
import CarportTestSupport
import Foundation
import GRDB
import Testing

@testable import CarportStore

/// The fleet-scale reads and the bulk import on a real SQLite file (docs/CODEBASE.md, "Fleet scale").
struct SQLiteConnectionStoreFleetTests {
    static let audit = AuditEntry(
        at: Fixture.epoch, osUser: "tester", action: "import", connectionId: nil, vehicleId: nil, outcome: "ok",
        detail: nil)

    @Test func importedFleetStreamsInListOrderWithoutOpeningASecret() async throws {
        try await withStore { store in
            let fleet = SyntheticFleet.make(count: 1_500, at: Fixture.epoch)
            try await store.importConnections(fleet, audit: Self.audit)
            var rows: [(Vehicle, ConnectionSummary)] = []
            try await store.forEachFleetRow { rows.append(($0, $1)) }
            #expect(rows.count == 1_500)
            let expected = fleet.sorted {
                ($0.connection.customer.lowercased(), $0.connection.customer)
                    < ($1.connection.customer.lowercased(), $1.connection.customer)
            }
            #expect(rows.map(\.1.id) == expected.map(\.connection.id))
            let byId = Dictionary(uniqueKeysWithValues: fleet.map { ($0.connection.id, $0) })
            for (vehicle, summary) in rows {
                let item = try #require(byId[summary.id])
                #expect(vehicle == item.vehicles[0])
                #expect(summary == item.connection.summary)
            }
        }
    }

    @Test func refreshCandidatesHoldEveryDueConnection() async throws {
        try await withStore { store in
            var fleet = SyntheticFleet.make(count: 2_000, at: Fixture.epoch)
            fleet[7].connection.lastRefresh = RefreshRecord(attemptedAt: Fixture.epoch, outcome: .answerLost)
            fleet[8].connection.lastRefresh = RefreshRecord(attemptedAt: Fixture.epoch, outcome: .inFlight)
            try await store.importConnections(fleet, audit: Self.audit)
            let policy = HealthPolicy.standard
            for hours: Double in [0, 1, 30 * 24] {
                let now = Fixture.epoch.addingTimeInterval(hours * 3600)
                let due = Set(
                    fleet.map(\.connection.summary).filter { policy.refreshIsDue($0.state, at: now) }.map(\.id))
                let candidates = try await store.refreshCandidates(policy: policy, at: now)
                #expect(Set(candidates.map(\.id)).isSuperset(of: due))
                #expect(Set(candidates.filter { policy.refreshIsDue($0.state, at: now) }.map(\.id)) == due)
                #expect(candidates.count < fleet.count || hours > 24, "picked by index, not every row")
                #expect(due.contains(fleet[7].connection.id) && due.contains(fleet[8].connection.id))
            }
        }
    }

    @Test func dueCandidatesAndPendingLinksAreFoundByIndexNotByScan() async throws {
        try await withStore { store in
            let arguments: StatementArguments = ["accessBy": 0.0, "refreshBy": 0.0]
            let queries: [(String, StatementArguments)] = [
                (SQLiteConnectionStore.refreshCandidatesQuery, arguments),
                (SQLiteConnectionStore.pendingQuery, StatementArguments()),
            ]
            for (query, given) in queries {
                let plan: [String] = try await store.pool.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query, arguments: given).map { $0["detail"] }
                }
                #expect(plan.contains { $0.contains("USING INDEX") }, "\(plan)")
                #expect(!plan.contains { $0.hasPrefix("SCAN c") || $0.hasPrefix("SCAN connections") }, "\(plan)")
            }
        }
    }

    @Test func oneConnectionsVehiclesAreReadByIndex() async throws {
        try await withStore { store in
            let plan: [String] = try await store.pool.read { db in
                try Row.fetchAll(
                    db, sql: "EXPLAIN QUERY PLAN " + SQLiteConnectionStore.connectionVehiclesQuery, arguments: ["c1"]
                ).map { $0["detail"] }
            }
            #expect(plan.contains { $0.contains("USING") && $0.contains("INDEX vehicles_by_connection") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "sorted by the index: \(plan)")
        }
    }

    @Test func anImportThatCannotBeWholeWritesNothing() async throws {
        try await withStore { store in
            let first = SyntheticFleet.make(count: 3, at: Fixture.epoch)
            try await store.importConnections(first, audit: Self.audit)
            var clash = SyntheticFleet.make(count: 6, at: Fixture.epoch, seed: 9).suffix(3).map { $0 }
            clash[2].vehicles[0].id = first[0].vehicles[0].id // a vehicle already linked elsewhere
            await #expect(throws: CarportError.self) { try await store.importConnections(clash, audit: Self.audit) }
            var again = first
            again[0].connection.id = "fresh"
            again[0].vehicles = []
            await #expect(throws: CarportError.self) { try await store.importConnections(again, audit: Self.audit) }
            #expect(try await store.connectionSummaries().map(\.id).sorted() == first.map(\.connection.id).sorted())
            #expect(try await store.vehicles().count == 3)
            #expect(try await store.auditLog(since: nil, limit: nil).count == 1)
        }
    }

    private func withStore(_ body: (SQLiteConnectionStore) async throws -> Void) async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        defer { try? store.close() }
        try await body(store)
    }
}
