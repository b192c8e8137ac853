import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// `Carport+Reconcile` in process with a scripted Management API (the port's fake) and a real store:
/// paging to the end, a cursor that never ends refused, and a refused removal recorded as failed.
struct CarportReconcileTests {
    /// Pages served in order; every call it did not expect fails the test.
    actor ScriptedManagement: ManagementAPI {
        var pages: [ManagedConnectionPage]
        var cursors: [String?] = []
        var deletes: [ManagedConnectionSelector] = []
        let refuseDeletes: Bool

        init(pages: [ManagedConnectionPage], refuseDeletes: Bool = false) {
            self.pages = pages
            self.refuseDeletes = refuseDeletes
        }

        func connections(after cursor: String?) throws -> ManagedConnectionPage {
            cursors.append(cursor)
            guard !pages.isEmpty else {
                Issue.record("an unexpected page after \(cursor ?? "nil")")
                throw CarportError(.transient, "no more pages")
            }
            return pages.removeFirst()
        }

        func deleteConnections(_ selector: ManagedConnectionSelector) throws -> [ManagedConnection] {
            deletes.append(selector)
            if refuseDeletes { throw CarportError(.api, "Smartcar refused the delete.") }
            guard case .vehicle(let id) = selector else { return [] }
            return [ManagedConnection(vehicleId: id, userId: "u-lost")]
        }
    }

    @Test func everyPageIsFollowedToANullCursor() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let carport = try await buildCarport(environment: world.environment)
            let ada = world.connections[0]
            let api = ScriptedManagement(pages: [
                ManagedConnectionPage(
                    connections: [ManagedConnection(vehicleId: "v-lost", userId: "u-lost", mode: "live")], cursor: "2"),
                ManagedConnectionPage(
                    connections: [
                        ManagedConnection(
                            vehicleId: world.vehicles[0].id, userId: ada.smartcarUserId, mode: "simulated")
                    ], cursor: nil),
            ])
            let report = try await carport.reconcile(using: api)
            #expect(await api.cursors == [nil, "2"])
            #expect(report.exitCode == 3 && report.smartcarConnections == 2 && report.storedVehicles == 1)
            #expect(report.orphans.map(\.vehicleId) == ["v-lost"] && report.gone.isEmpty)

            let refused = ScriptedManagement(pages: [], refuseDeletes: true)
            let failed = try await carport.disconnectOrphans(report, using: [(.classic, refused)])
            #expect(failed.orphans.map(\.outcome) == [.failed])
            let removed = try await carport.disconnectOrphans(
                report, using: [(.classic, ScriptedManagement(pages: []))])
            #expect(removed.orphans.map(\.outcome) == [.removed])
            let audit = try await carport.store.auditLog(since: nil, limit: nil).filter { $0.action == "reconcile" }
            #expect(audit.map(\.outcome).sorted() == ["api", "removed-at-smartcar"])
        }
    }

    @Test func anOrphanThatAStoredPairReachesByNowIsKept() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let carport = try await buildCarport(environment: world.environment)
            let orphan = ManagedConnection(vehicleId: "v-new", userId: "u-new", mode: "simulated")
            let report = try await carport.reconcile(
                using: ScriptedManagement(pages: [ManagedConnectionPage(connections: [orphan], cursor: nil)]))
            #expect(report.orphans.map(\.vehicleId) == ["v-new"])
            // While the operator typed the confirmation, the customer reconnected.
            var relinked = world.connections[0]
            (relinked.id, relinked.smartcarUserId) = ("c-new", "u-new")
            var vehicle = world.vehicles[0]
            (vehicle.id, vehicle.connectionId) = ("v-new", "c-new")
            _ = try await carport.store.insert(
                relinked, vehicles: [vehicle],
                audit: AuditEntry(at: Date(), osUser: "tester", action: "connect", outcome: "ok"))
            let after = try await carport.disconnectOrphans(report, using: [(.classic, ScriptedManagement(pages: []))])
            #expect(after.orphans.map(\.outcome) == [.kept])
        }
    }

    @Test func aCursorThatRepeatsIsRefusedAndNothingIsMarked() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let carport = try await buildCarport(environment: world.environment)
            let api = ScriptedManagement(pages: [ // a cycle: 7, 8, 7, …
                ManagedConnectionPage(connections: [], cursor: "7"),
                ManagedConnectionPage(connections: [], cursor: "8"),
                ManagedConnectionPage(connections: [], cursor: "7"),
            ])
            await #expect(throws: CarportError.self) { try await carport.reconcile(using: api) }
            let summaries = try await carport.store.connectionSummaries()
            #expect(summaries.allSatisfy { $0.state.reauthReason == nil })
        }
    }
}
