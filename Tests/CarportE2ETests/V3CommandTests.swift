import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// The operator commands on a store holding a classic and a v3 connection, against the emulator:
/// both kinds listed side by side, v3 live data, a long-running (202) lock followed to its end,
/// refresh leaving the v3 connection alone, disconnect at Smartcar, and no secret in any output.
struct V3CommandTests {
    @Test func listShowLockRefreshStatusAndDisconnectBesideAClassicConnection() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let env = world.v3Environment
            let carport = try await buildCarport(environment: env)
            let (seeded, linked) = try await world.linkV3(carport.v3Linker(), customer: "Vera V3")
            let vehicle = try #require(linked.vehicles.first)
            var outputs: [ChildProcess.Result] = []
            func run(_ arguments: [String]) async throws -> ChildProcess.Result {
                let result = try await world.run(arguments, extra: env)
                outputs.append(result)
                return result
            }

            let list = try await run(["list", "--json"])
            let rows = try #require(try OperatorCommandTests.json(list.stdout)["vehicles"] as? [[String: Any]])
            let v3Row = try #require(rows.first { $0["kind"] as? String == "v3" })
            #expect(rows.contains { $0["kind"] as? String == "classic" })
            #expect(v3Row["accessExpiresAt"] is NSNull && v3Row["health"] as? String == "healthy")
            #expect(v3Row["confirmedAt"] is String && v3Row["lastReadAt"] is NSNull)
            let table = try await run(["list"])
            #expect(table.stdout.contains("Vera V3") && table.stdout.contains(" v3 "), "\(table.stdout)")

            let show = try await run(["show", vehicle.id, "--live", "--json"])
            #expect(show.status == 0, "\(show.stderr)")
            let live = try #require(try OperatorCommandTests.json(show.stdout)["live"] as? [String: Any])
            #expect((live["odometer"] as? [String: Any])?["value"] is [String: Any], "\(show.stdout)")
            #expect(try await carport.store.vehicle(id: vehicle.id)?.lastSeenAt != nil, "the read is remembered")

            let shown = try #require(try OperatorCommandTests.json(show.stdout)["vehicle"] as? [String: Any])
            #expect(shown["lastReadAt"] is String, "show prints the read it just stored: \(show.stdout)")

            await world.emulator.setLongRunningCommands(true)
            #expect(await world.emulator.updateVehicle(vehicle.id, VehiclePatch(locked: false)))
            let lock = try await run(["lock", vehicle.id])
            #expect(lock.status == 0, "\(lock.stderr)")
            #expect(lock.stderr.contains("accepted it; still running"), "\(lock.stderr)")
            #expect(
                lock.stdout.contains("Locked: Smartcar accepted it and the lock status now says so"), "\(lock.stdout)")
            let again = try await run(["lock", vehicle.id])
            #expect(again.stdout.contains("Smartcar accepted it, and the car was locked already"), "\(again.stdout)")

            let refresh = try await run(["refresh", "--all"])
            #expect(refresh.status == 0, "\(refresh.stderr)")
            #expect(try await carport.store.connection(id: linked.connection.id)?.lastRefresh == nil)
            let status = try await run(["status", "--json"])
            #expect(status.status == 0, "\(status.stderr)")

            let disconnect = try await run(["disconnect", vehicle.id, "--yes"])
            #expect(disconnect.status == 0, "\(disconnect.stderr)")
            #expect(disconnect.stdout.contains("Access revoked at Smartcar (connection \(seeded.connectionIds[0]))"))
            let left = try await carport.appTokens().withToken {
                try await carport.smartcarV3().connections(userId: seeded.userId, appToken: $0)
            }
            #expect(left.isEmpty)
            #expect(try await carport.store.vehicle(id: vehicle.id) == nil)

            try await Self.expectNoSecret(in: outputs, world: world, carport: carport)
        }
    }

    /// The application token and the API client secret are in no output and no file.
    static func expectNoSecret(in outputs: [ChildProcess.Result], world: SeededWorld, carport: Carport) async throws {
        let canaries = [try await carport.appTokens().token().reveal(), EmulatorConfig.demoAPIClientSecret]
        for output in outputs {
            #expect(!canaries.contains { output.stdout.contains($0) || output.stderr.contains($0) })
        }
        #expect(try world.filesHolding(canaries).isEmpty)
    }

    /// Eight `carport show --live` processes at once on a v3 vehicle use the one application token
    /// in the store; once Smartcar refuses it, one new token is fetched (under the store's lock) for all.
    @Test func eightProcessesAtOnceFetchOneApplicationToken() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let carport = try await buildCarport(environment: world.v3Environment)
            let (_, linked) = try await world.linkV3(carport.v3Linker(), customer: "Vera V3")
            let before = await world.emulator.counters().appTokens
            let vehicle = try #require(linked.vehicles.first).id
            func eightAtOnce() async throws {
                let results = try await withThrowingTaskGroup(of: ChildProcess.Result.self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            try await world.run(["show", vehicle, "--live", "--json"], extra: world.v3Environment)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
            }
            try await eightAtOnce()
            #expect(await world.emulator.counters().appTokens == before, "the link's token served every process")
            // An hour on at Smartcar: the stored token is refused (401) and replaced once for all eight.
            await world.emulator.advanceClock(by: 3600)
            try await eightAtOnce()
            #expect(await world.emulator.counters().appTokens == before + 1, "one new token for all eight")
        }
    }
}
