import CarportApp
import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

/// `carport reconcile`, the real binary against the emulator's Management API and a real store.
struct ReconcileCommandTests {
    /// The Management API as a test calls it, to delete a connection behind the store's back.
    static func management(_ world: SeededWorld) throws -> LiveManagementClient {
        let configuration = try Configuration.load(environment: world.environment)
        return LiveManagementClient(
            client: try LiveSmartcarClient(configuration: configuration), origin: world.emulator.baseURL,
            token: Secret(SeededWorld.managementToken))
    }

    static func reconcile(_ world: SeededWorld, extra: [String: String] = [:]) async throws
        -> (ChildProcess.Result, [String: Any])
    {
        let result = try await world.run(["reconcile", "--json"], extra: extra)
        return (result, try OperatorCommandTests.json(result.stdout))
    }

    static func items(_ body: [String: Any], _ key: String) -> [[String: Any]] {
        body[key] as? [[String: Any]] ?? []
    }

    @Test func agreeingStoreAndSmartcarExitZero() async throws {
        try await SeededWorld.with(customers: ["Ada", "Grace"], vehiclesEach: 2) { world in
            let text = try await world.run(["reconcile"])
            #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
            #expect(text.stdout.contains("Smartcar lists 4 connection(s); the store holds 4 vehicle(s)"))
            #expect(text.stdout.contains("The store and Smartcar agree."))
            let (json, body) = try await Self.reconcile(world)
            #expect(json.status == 0 && body["exitCode"] as? Int == 0)
            #expect(
                Set(body.keys) == [
                    "checkedAt", "exitCode", "gone", "modeMismatches", "orphans", "smartcarConnections",
                    "storedVehicles",
                ])
        }
    }

    @Test func anOrphanAtSmartcarExitsThreeAndIsListed() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let lost = await world.emulator.seedConnection(vehicleCount: 1)
            let (result, body) = try await Self.reconcile(world)
            #expect(result.status == 3, "\(result.stderr)")
            let orphans = Self.items(body, "orphans")
            #expect(orphans.count == 1)
            #expect(orphans.first?["vehicleId"] as? String == lost.vehicleIds[0])
            #expect(orphans.first?["userId"] as? String == lost.userId)
            #expect(orphans.first?["smartcarMode"] as? String == "simulated")
            #expect(orphans.first?["connectionId"] is NSNull && orphans.first?["outcome"] is NSNull)
            let text = try await world.run(["reconcile"])
            #expect(text.status == 3)
            #expect(text.stdout.contains("Orphans at Smartcar (connected, reached by no stored connection): 1"))
            #expect(
                text.stdout.contains("vehicle \(lost.vehicleIds[0])") && text.stdout.contains("--disconnect-orphans"))
        }
    }

    @Test func aConnectionGoneAtSmartcarIsMarkedForReauthAndExitsFour() async throws {
        try await SeededWorld.with(customers: ["Ada", "Grace"]) { world in
            let ada = world.vehicles[0]
            let removed = try await Self.management(world).deleteConnections(.vehicle(ada.id))
            #expect(removed.map(\.vehicleId) == [ada.id])
            let (result, body) = try await Self.reconcile(world)
            #expect(result.status == 4, "\(result.stderr)")
            let gone = Self.items(body, "gone")
            #expect(gone.count == 1)
            #expect(gone.first?["connectionId"] as? String == "c1" && gone.first?["customer"] as? String == "Ada")
            #expect(gone.first?["outcome"] as? String == "marked-needs-reauth")

            let listed = try OperatorCommandTests.json(try await world.run(["list", "--json"]).stdout)
            let row = try #require((listed["vehicles"] as? [[String: Any]])?.first { $0["id"] as? String == ada.id })
            #expect(row["health"] as? String == "needs-reauth")
            #expect(
                (row["reauthReason"] as? String)?.hasPrefix(
                    "Smartcar no longer lists this connection (carport reconcile, ") == true)
            let status = try await world.run(["status"])
            #expect(status.status == 4 && status.stdout.contains("Ada (c1)"), "\(status.stdout)")
            let audit = try await world.run(["audit", "--json"])
            #expect(audit.stdout.contains("\"action\" : \"reconcile\"") && audit.stdout.contains("needs-reauth"))

            // Marked once: the store now agrees that the connection is dead.
            let again = try await world.run(["reconcile"])
            #expect(again.status == 0, "\(again.stdout)")
        }
    }

    @Test func aRevokedGrantAndAVehicleGoneFromALiveOneAreBothReported() async throws {
        try await SeededWorld.with(customers: ["Ada", "Grace"], vehiclesEach: 2) { world in
            #expect(await world.emulator.revokeFamily(ofToken: world.connections[0].pair.refreshToken))
            let graceCar = world.vehicles[2]
            _ = try await Self.management(world).deleteConnections(.vehicle(graceCar.id))
            let (result, body) = try await Self.reconcile(world)
            #expect(result.status == 4)
            let gone = Self.items(body, "gone")
            #expect(gone.filter { $0["connectionId"] as? String == "c1" }.count == 2)
            #expect(gone.filter { $0["outcome"] as? String == "marked-needs-reauth" }.count == 2)
            let partly = gone.first { $0["connectionId"] as? String == "c2" }
            #expect(partly?["vehicleId"] as? String == graceCar.id && partly?["outcome"] as? String == "vehicle-only")
            let status = try OperatorCommandTests.json(try await world.run(["status", "--json"]).stdout)
            let attention = status["attention"] as? [[String: Any]] ?? []
            #expect(attention.map { $0["connectionId"] as? String } == ["c1"], "c2 still reaches its other vehicle")
        }
    }

    @Test func aModeMismatchExitsThree() async throws {
        try await SeededWorld.with(
            customers: ["Ada", "Grace"], adjust: { c in if c.id == "c2" { c.mode = .live } }
        ) { world in
            let (result, body) = try await Self.reconcile(world)
            #expect(result.status == 3, "\(result.stderr)")
            let mismatch = try #require(Self.items(body, "modeMismatches").first)
            #expect(mismatch["connectionId"] as? String == "c2" && mismatch["customer"] as? String == "Grace")
            #expect(mismatch["storedMode"] as? String == "live" && mismatch["smartcarMode"] as? String == "simulated")
            #expect(Self.items(body, "orphans").isEmpty && Self.items(body, "gone").isEmpty)
            let text = try await world.run(["reconcile"])
            #expect(text.stdout.contains("stored live but simulated at Smartcar"), "\(text.stdout)")
        }
    }

    @Test func everyPageIsRead() async throws {
        try await SeededWorld.with(customers: ["Fleet"], vehiclesEach: 230) { world in
            let lost = await world.emulator.seedConnection(vehicleCount: 2)
            let before = await world.emulator.counters().apiCalls
            let (result, body) = try await Self.reconcile(world)
            #expect(result.status == 3, "\(result.stderr)")
            #expect(body["smartcarConnections"] as? Int == 232 && body["storedVehicles"] as? Int == 230)
            #expect(Set(Self.items(body, "orphans").compactMap { $0["vehicleId"] as? String }) == Set(lost.vehicleIds))
            #expect(await world.emulator.counters().apiCalls - before == 3, "three pages of at most 100")
        }
    }
}
