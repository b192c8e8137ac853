import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import Testing

/// `status`, `list --json` and `export` on a fleet too large to print whole (docs/CODEBASE.md,
/// "Fleet scale"), seeded through the store's bulk import.
struct FleetCommandTests {
    @Test func statusNamesTheTenMostUrgentAndCountsTheRest() async throws {
        try await withFleet(count: 800) { run in
            let status = try await run(["status"])
            #expect(status.status == 4, "\(status.stderr)")
            let lines = status.stdout.split(separator: "\n")
            #expect(lines.count <= 60)
            #expect(lines.filter { $0.contains("(fleet-") }.count == 10)
            #expect(status.stdout.contains("more critical: carport list --health runway-critical"))
            #expect(status.stdout.contains("`carport status --all` names every one."))
            // Most urgent first: the connections that need re-authentication, then critical runways.
            let named = lines.filter { $0.contains("(fleet-") }.map { $0.prefix { $0 != ":" } }
            #expect(named == Array(repeating: "re-auth", count: 8) + ["critical", "critical"])

            let report = try OperatorCommandTests.json(try await run(["status", "--json"]).stdout)
            let attention = try #require(report["attention"] as? [[String: Any]])
            let all = try await run(["status", "--all"])
            #expect(all.stdout.split(separator: "\n").filter { $0.contains("(fleet-") }.count == attention.count)
            #expect(!all.stdout.contains("more re-auth"))
            #expect(attention.first?["health"] as? String == "needs-reauth")
            let vehicles = try #require(report["vehicles"] as? [String: Any])
            #expect(vehicles["total"] as? Int == 800)
            let byHealth = try #require(vehicles["byHealth"] as? [String: Int])

            let listed = try OperatorCommandTests.json(try await run(["list", "--json"]).stdout)
            #expect((listed["vehicles"] as? [Any])?.count == 800)
            let failing = try OperatorCommandTests.json(
                try await run(["list", "--json", "--health", "failing"]).stdout)
            let rows = try #require(failing["vehicles"] as? [[String: Any]])
            #expect(rows.count == byHealth["failing"] && !rows.isEmpty)
            #expect(rows.allSatisfy { $0["health"] as? String == "failing" })

            let bundle = try OperatorCommandTests.json(try await run(["export", "--redacted"]).stdout)
            let exported = try #require(bundle["vehicles"] as? [[String: Any]])
            #expect(exported.count == 800 && exported.allSatisfy { ($0["vin"] as? String)?.count == 6 })
            #expect(Set(bundle.keys) == ["audit", "configuration", "generatedAt", "vehicles", "versions"])
        }
    }

    @Test func aFleetRefreshNamesTheFirstTwentyAndCountsTheRest() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let store = try SQLiteConnectionStore.open(
                files: StoreFiles(home: world.home.appendingPathComponent("data")), clock: SystemClock(),
                osUser: "t")
            // Pairs the emulator never issued: every due one is refused and needs re-authentication.
            try await store.importConnections(
                SyntheticFleet.make(count: 400, at: Date()),
                audit: AuditEntry(
                    at: Date(), osUser: "t", action: "import", connectionId: nil, vehicleId: nil, outcome: "ok",
                    detail: nil))
            try store.close()
            let run = try await world.run(["refresh", "--due"])
            #expect(run.status == 4, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            let first = try #require(lines.first)
            #expect(first.contains("need re-auth") && first.contains("(picked in"))
            #expect(lines.filter { $0.hasPrefix("  fleet-") }.count == 20)
            #expect(lines.last?.contains("more; `carport status --all` names every connection") == true)
        }
    }

    /// Seeds `count` connections of `SyntheticFleet` at the present time, then hands over a runner.
    private func withFleet(
        count: Int, _ body: (@escaping ([String]) async throws -> ChildProcess.Result) async throws -> Void
    ) async throws {
        let home = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = CarportBinary.environment(home: home)
        let data = URL(fileURLWithPath: try #require(environment["CARPORT_HOME"]))
        try FileManager.default.createDirectory(
            at: data, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let store = try SQLiteConnectionStore.open(files: StoreFiles(home: data), clock: SystemClock(), osUser: "t")
        try await store.importConnections(
            SyntheticFleet.make(count: count, at: Date()),
            audit: AuditEntry(
                at: Date(), osUser: "t", action: "import", connectionId: nil, vehicleId: nil, outcome: "ok",
                detail: nil))
        try store.close()
        try await body { arguments in
            try await ChildProcess.run(CarportBinary.path, arguments, environment: environment)
        }
    }
}
