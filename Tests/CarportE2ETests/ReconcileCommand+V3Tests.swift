import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// `carport reconcile` over a v3 app's `GET /v3/connections`, beside the classic Management API:
/// a v3 connection Smartcar still lists is confirmed, one it dropped is marked, an unstored one
/// is an orphan of kind v3 that `--disconnect-orphans` ends at Smartcar.
struct ReconcileCommandV3Tests {
    @Test func bothKindsAreComparedAndAV3OrphanIsRemovedAtSmartcar() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let carport = try await buildCarport(environment: world.v3Environment)
            let linker = try carport.v3Linker()
            var stored: [ConnectFlowLinker.Linked] = []
            var seeds: [SeededV3Connection] = []
            for customer in ["Kept", "Dropped"] {
                let (seeded, linked) = try await world.linkV3(linker, customer: customer)
                seeds.append(seeded)
                stored.append(linked)
            }
            let before = try #require(try await carport.store.connection(id: stored[0].connection.id))
            try await carport.appTokens().withToken {
                try await carport.smartcarV3().disconnect(
                    connectionId: seeds[1].connectionIds[0], userId: seeds[1].userId, appToken: $0)
            }
            let orphan = await world.emulator.seedV3Connection(vehicleCount: 1)

            let run = try await world.run(["reconcile", "--json"], extra: world.v3Environment)
            #expect(run.status == 4, "\(run.stderr)")
            let json = try OperatorCommandTests.json(run.stdout)
            let orphans = try #require(json["orphans"] as? [[String: Any]])
            #expect(orphans.map { $0["vehicleId"] as? String } == [orphan.vehicleIds[0]])
            #expect(orphans.allSatisfy { $0["kind"] as? String == "v3" })
            let gone = try #require(json["gone"] as? [[String: Any]])
            #expect(gone.map { $0["connectionId"] as? String } == [stored[1].connection.id])
            #expect(gone.first?["outcome"] as? String == "marked-needs-reauth")
            #expect(json["smartcarConnections"] as? Int == 3, "one classic and two v3 connections listed")

            let dropped = try #require(try await carport.store.connection(id: stored[1].connection.id))
            #expect(dropped.reauthReason?.contains("no longer lists") == true)
            let kept = try #require(try await carport.store.connection(id: stored[0].connection.id))
            guard case .application(let was) = before.credentials, case .application(let now) = kept.credentials else {
                Issue.record("the v3 connections lost their kind")
                return
            }
            #expect(now > was, "a v3 connection Smartcar still lists is confirmed")

            let removal = try await world.run(
                ["reconcile", "--kind", "v3", "--disconnect-orphans", "--yes"], extra: world.v3Environment)
            #expect(
                removal.status == 3,
                "the orphan was found (the dropped connection is marked already): \(removal.stderr)")
            #expect(removal.stdout.contains("removed at Smartcar"), "\(removal.stdout)")
            let left = try await carport.appTokens().withToken {
                try await carport.smartcarV3().connections(userId: orphan.userId, appToken: $0)
            }
            #expect(left.isEmpty)
        }
    }
}
