import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// `carport reconcile --disconnect-orphans`: a typed confirmation on a terminal, `--yes` for scripts.
struct ReconcileRemovalTests {
    func listed(_ world: SeededWorld) async throws -> Set<String> {
        var ids: Set<String> = []
        var cursor: String?
        repeat {
            let page = try await ReconcileCommandTests.management(world).connections(after: cursor)
            ids.formUnion(page.connections.map(\.vehicleId))
            cursor = page.cursor
        } while cursor != nil
        return ids
    }

    @Test func theTypedNumberConfirmsAndAWrongOneRemovesNothing() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let lost = await world.emulator.seedConnection(vehicleCount: 2)
            let shell = try await TmuxSession(
                command: TmuxSession.shell, width: 120, height: 40, environment: world.environment)
            try await withCleanup {
                let command = "\(TmuxSession.quote(CarportBinary.path)) reconcile --disconnect-orphans; echo EXIT=$?"
                try await shell.send(command, literal: true)
                try await shell.send("Enter")
                try await shell.waitFor(text: "Type 2 to confirm:")
                try await shell.send("3", literal: true)
                try await shell.send("Enter")
                try await shell.waitFor(text: "EXIT=1")
                #expect(try await shell.capture().contains("That is not 2; nothing was removed at Smartcar."))
                #expect(try await listed(world).isSuperset(of: lost.vehicleIds))

                try await shell.send("clear", literal: true)
                try await shell.send("Enter")
                try await shell.send(command, literal: true)
                try await shell.send("Enter")
                try await shell.waitFor(text: "Type 2 to confirm:")
                try await shell.send("2", literal: true)
                try await shell.send("Enter")
                let screen = try await shell.waitFor(text: "EXIT=3")
                #expect(screen.contains("Removed 2 of 2 orphan(s) at Smartcar."), "\(screen)")
                #expect(try await listed(world) == Set(world.vehicles.map(\.id)))
            } cleanup: {
                await shell.kill()
            }
        }
    }

    @Test func withoutATerminalOnlyYesRemoves() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let orphan = await world.emulator.seedConnection(vehicleCount: 1)
            let refused = try await world.run(["reconcile", "--disconnect-orphans"])
            #expect(refused.status == 1 && refused.stderr.contains("--yes"), "\(refused.stderr)")
            #expect(try await listed(world).contains(orphan.vehicleIds[0]))

            let done = try await world.run(["reconcile", "--disconnect-orphans", "--yes", "--json"])
            #expect(done.status == 3, "orphans were found: \(done.stderr)")
            let body = try OperatorCommandTests.json(done.stdout)
            #expect(ReconcileCommandTests.items(body, "orphans").first?["outcome"] as? String == "removed")
            #expect(try await listed(world) == Set(world.vehicles.map(\.id)))
            #expect(try await world.run(["reconcile"]).status == 0)
            let audit = try await world.run(["audit", "--json"]).stdout
            #expect(audit.contains("removed-at-smartcar") && audit.contains(orphan.vehicleIds[0]))
        }
    }
}
