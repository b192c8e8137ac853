import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// `carport metrics` in process against a real store: what it counts, and the `refresh --due`
/// runs it reports.
struct MetricsTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func countsEveryConnectionAndVehiclePerHealthStateAndMode() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("carport-metrics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let carport = try await buildCarport(
            environment: ["HOME": home.path, "CARPORT_HOME": home.path], clock: ManualClock(Self.now))
        var fleet = SyntheticFleet.make(count: 300, at: Self.now)
        for index in stride(from: 0, to: fleet.count, by: 7) { fleet[index].connection.mode = .simulated }
        var second = fleet[1].vehicles[0]
        second.id += "-b"
        fleet[1].vehicles.append(second)
        try await carport.store.importConnections(fleet, audit: carport.audit("import"))

        let exposition = Exposition(try await carport.metricsText())
        var connections: [String: Double] = [:]
        var vehicles: [String: Double] = [:]
        var shortest: [String: Double] = [:]
        for item in fleet {
            let health = HealthPolicy.standard.health(of: item.connection.state, at: Self.now)
            let key = "\(health.rawValue) \(item.connection.mode.rawValue)"
            connections[key, default: 0] += 1
            vehicles[key, default: 0] += Double(item.vehicles.count)
            if health != .needsReauth {
                let runway = item.connection.pair.refreshExpiresAt.timeIntervalSince(Self.now).rounded(.down)
                shortest[item.connection.mode.rawValue] = min(shortest[item.connection.mode.rawValue] ?? runway, runway)
            }
        }
        #expect(connections.count > 8, "the fleet spans several states and both modes")
        for health in Health.allCases {
            for mode in ConnectMode.allCases {
                let labels = ["health": health.rawValue, "kind": "classic", "mode": mode.rawValue]
                let key = "\(health.rawValue) \(mode.rawValue)"
                #expect(exposition.value("carport_connections", labels) == connections[key] ?? 0, "\(key)")
                #expect(exposition.value("carport_vehicles", labels) == vehicles[key] ?? 0, "\(key)")
            }
        }
        for mode in ConnectMode.allCases {
            let labels = ["kind": "classic", "mode": mode.rawValue]
            #expect(exposition.value("carport_refresh_runway_shortest_seconds", labels) == shortest[mode.rawValue])
        }
        let files = ["", "-wal", "-shm"].map { home.appendingPathComponent("carport.sqlite" + $0).path }
        let bytes = files.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }
        #expect(exposition.value("carport_store_size_bytes") == Double(bytes.reduce(0, +)))
        #expect(exposition.types.keys.filter { $0.hasPrefix("carport_refresh_due") }.isEmpty, "no run recorded yet")
    }

    @Test func recordsEachDueRunAndKeepsTheLastSuccessThroughAFailure() async throws {
        let clock = ManualClock(Date())
        let due: @Sendable (inout Connection) -> Void = { connection in
            connection.pair.accessExpiresAt = Date().addingTimeInterval(60)
        }
        try await SeededWorld.with(customers: ["Ada", "Ben"], adjust: due) { world in
            let carport = try await buildCarport(environment: world.environment, clock: clock)
            try carport.recordDueRun(try await carport.refresh(.due, concurrency: 2))
            let first = clock.now()
            var exposition = Exposition(try await carport.metricsText())
            #expect(Self.outcomes(exposition) == ["refreshed": 2])
            #expect(exposition.value("carport_refresh_due_last_run_timestamp_seconds") == Self.seconds(first))
            #expect(exposition.value("carport_refresh_due_last_success_timestamp_seconds") == Self.seconds(first))

            await world.emulator.revokeFamily(ofToken: world.connections[1].pair.refreshToken)
            clock.advance(by: 7200)
            try carport.recordDueRun(try await carport.refresh(.due, concurrency: 2))
            exposition = Exposition(try await carport.metricsText())
            #expect(Self.outcomes(exposition) == ["refreshed": 1, "needs-reauth": 1])
            #expect(exposition.value("carport_refresh_due_last_run_timestamp_seconds") == Self.seconds(clock.now()))
            #expect(exposition.value("carport_refresh_due_last_success_timestamp_seconds") == Self.seconds(first))

            let record = world.home.appendingPathComponent("data/refresh-due.json").path
            let mode = try FileManager.default.attributesOfItem(atPath: record)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func aDamagedRecordIsReportedAndTheNextRunReplacesIt() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let carport = try await buildCarport(environment: world.environment)
            let record = world.home.appendingPathComponent("data/refresh-due.json")
            #expect(
                FileManager.default.createFile(
                    atPath: record.path, contents: Data("{".utf8), attributes: [.posixPermissions: 0o600]))
            let error = await #expect(throws: CarportError.self) { try await carport.metricsText() }
            #expect(error?.message.contains("refresh-due.json is damaged") == true)
            try carport.recordDueRun(try await carport.refresh(.due, concurrency: 1))
            #expect(Self.outcomes(Exposition(try await carport.metricsText())) == [:])
        }
    }

    /// The last run's non-zero outcomes; every outcome is written, zeros included.
    static func outcomes(_ exposition: Exposition) -> [String: Double] {
        let samples = exposition.samples["carport_refresh_due_last_run_connections", default: []]
        #expect(Set(samples.compactMap { $0.labels["outcome"] }) == Set(RefreshResult.Outcome.allCases.map(\.rawValue)))
        return Dictionary(
            uniqueKeysWithValues: samples.filter { $0.value > 0 }.map { ($0.labels["outcome"]!, $0.value) })
    }

    static func seconds(_ date: Date) -> Double { date.timeIntervalSince1970.rounded(.down) }
}
