import CarportApp
import CarportCallback
import CarportCore
import CarportTUI
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// Once the code is exchanged, nothing Smartcar answers may drop the grant. Whole
/// Connect sessions against the emulator with faults injected after the exchange, a real SQLite
/// store, and the application's "complete what is missing" service afterwards.
@Suite(.serialized) struct LinkGapsTests {
    /// Completes one Connect session with `fault` injected (every matching request fails) and
    /// returns what was linked. `beforeLink` runs once Connect has issued the code.
    private static func link(
        _ harness: SessionHarness, failing fault: EmulatorFault?, beforeLink: () async -> Void = {}
    ) async throws -> ConnectFlowLinker.Linked {
        let addresses = try await harness.session.start()
        if let fault { await harness.emulator.inject(fault) }
        let location = try await harness.connectRedirect(addresses)
        await beforeLink()
        _ = try await harness.follow(location)
        return try await harness.session.outcome().get()
    }

    private static func badGateway(at path: String) -> EmulatorFault {
        EmulatorFault.htmlBadGateway(count: nil).at(path: path)
    }

    @Test func a502OnPermissionsKeepsTheGrantAndRefreshReadsTheRest() async throws {
        try await SessionHarness.with { harness in
            let linked = try await Self.link(harness, failing: Self.badGateway(at: "/permissions"))
            #expect(!linked.vehicles.isEmpty)
            #expect(linked.vehicles.allSatisfy { !$0.make.isEmpty && $0.vin == nil })
            #expect(linked.gaps.vehicles.count == linked.vehicles.count)
            #expect(linked.gaps.vehicles.values.allSatisfy { $0 == [.permissions] })
            #expect(try await harness.store.connections().map(\.id) == [linked.connection.id])
            #expect(try await harness.store.linkGaps()[linked.connection.id] == linked.gaps)

            // While Smartcar still fails, a refresh keeps the pair fresh and says what is missing.
            let carport = try await harness.carport()
            let failing = try await carport.refresh(.connection(linked.connection.id), concurrency: 1)
            #expect(failing.missing == [linked.connection.id: linked.gaps])
            #expect(linked.gaps.note(connectionId: "C").contains("permissions of"))

            await harness.emulator.clearFaults()
            let run = try await carport.refresh(.connection(linked.connection.id), concurrency: 1)
            #expect(run.exitCode == 0 && run.missing.isEmpty)
            #expect(try await harness.store.linkGaps().isEmpty)
            #expect(try await harness.store.vehicles().allSatisfy { $0.vin?.count == 17 })
            let stored = try #require(try await harness.store.connection(id: linked.connection.id))
            #expect(stored.scopes == ["read_vehicle_info", "read_vin"])
            #expect(await harness.exchanges() == 1)
        }
    }

    @Test func a502OnUserStoresTheConnectionWithAnUnknownUser() async throws {
        try await SessionHarness.with { harness in
            let linked = try await Self.link(harness, failing: Self.badGateway(at: "/user"))
            #expect(linked.gaps == LinkGaps(user: true))
            #expect(linked.connection.smartcarUserId == LinkGaps.unknownUser)
            #expect(!linked.vehicles.isEmpty)
            let stored = try #require(try await harness.store.connection(id: linked.connection.id))
            #expect(stored.smartcarUserId == LinkGaps.unknownUser)

            await harness.emulator.clearFaults()
            let carport = try await harness.carport()
            let vehicle = try #require(linked.vehicles.first)
            let shown = try await carport.resolveVehicleCompleting(vehicle.id)
            #expect(shown.missing == nil)
            let after = try #require(try await harness.store.connection(id: linked.connection.id))
            #expect(after.smartcarUserId != LinkGaps.unknownUser && !after.smartcarUserId.isEmpty)
        }
    }

    @Test func a502OnTheVehicleListStillListsTheConnection() async throws {
        try await SessionHarness.with { harness in
            let linked = try await Self.link(harness, failing: Self.badGateway(at: "/vehicles"))
            #expect(linked.vehicles.isEmpty)
            #expect(linked.gaps == LinkGaps(vehicleList: true))
            let carport = try await harness.carport()
            #expect(try await carport.unreadPlaceholders().map(\.connectionId) == [linked.connection.id])
            #expect(try await carport.fleet(at: Date()).connections.map(\.id) == [linked.connection.id])

            // The UI, read-only so its load reads nothing: one row for the connection, no vehicle.
            let (_, summaries, vehicles) = try await carport.tuiPorts(readOnly: true).load()
            var state = State(now: Date(), size: Size(width: 120, height: 30))
            _ = reduce(&state, .loaded(connections: summaries, vehicles: vehicles))
            #expect(state.rows == [.connection(id: linked.connection.id, count: 0)])
            #expect(state.vehicles.isEmpty && state.selectedVehicle == nil)

            // The UI's refresh of that connection reads the vehicles; its next load lists them.
            await harness.emulator.clearFaults()
            let ports = carport.tuiPorts(readOnly: false)
            _ = try await ports.refresh(linked.connection.id)
            #expect(try await carport.unreadPlaceholders().isEmpty)
            let (_, afterSummaries, afterVehicles) = try await ports.load()
            _ = reduce(&state, .loaded(connections: afterSummaries, vehicles: afterVehicles))
            #expect(!state.vehicles.isEmpty && !state.rows.contains(.connection(id: linked.connection.id, count: 0)))
        }
    }

    @Test("completing while Smartcar keeps failing adds no audit entry per try")
    func fruitlessCompletionIsNotAudited() async throws {
        try await SessionHarness.with { harness in
            let linked = try await Self.link(harness, failing: Self.badGateway(at: "/vehicles"))
            let carport = try await harness.carport()
            let before = try await harness.store.auditLog(since: nil, limit: nil).count
            for _ in 0..<3 { await carport.completeMissing([linked.connection.id]) }
            #expect(try await harness.store.auditLog(since: nil, limit: nil).count == before)
            await harness.emulator.clearFaults()
            await carport.completeMissing([linked.connection.id])
            let last = try await harness.store.auditLog(since: nil, limit: nil).first { $0.action == "complete" }
            #expect(last?.outcome == "ok")
        }
    }

    @Test func anImplausibleYearAndAnEmptyMakeAreStoredAsUnknown() async throws {
        try await SessionHarness.with { harness in
            let linked = try await Self.link(harness, failing: nil) {
                for vehicle in await harness.emulator.vehicles() {
                    _ = await harness.emulator.updateVehicle(vehicle.id, VehiclePatch(make: "", year: 1850))
                }
            }
            #expect(linked.gaps.isEmpty)
            #expect(!linked.vehicles.isEmpty)
            let stored = try await harness.store.vehicles()
            #expect(stored.count == linked.vehicles.count)
            #expect(stored.allSatisfy { $0.year == Vehicle.unknownYear && $0.make.isEmpty && $0.vin != nil })
            #expect(stored.first?.title.hasPrefix("? ") == true)
        }
    }
}

extension SessionHarness {
    /// The application layer over this harness's store file and emulator.
    func carport() async throws -> Carport {
        let origin = emulator.baseURL.absoluteString
        let environment = CarportBinary.environment(
            home: store.files.home.deletingLastPathComponent(),
            extra: [
                "SMARTCAR_CLIENT_ID": EmulatorConfig.demoClientId,
                "SMARTCAR_CLIENT_SECRET": EmulatorConfig.demoClientSecret,
                "SMARTCAR_REDIRECT_URI": "http://localhost:\(port)/callback",
                "SMARTCAR_CONNECT_ORIGIN": origin, "SMARTCAR_AUTH_ORIGIN": origin, "SMARTCAR_API_ORIGIN": origin,
            ])
        return try await buildCarport(environment: environment)
    }
}
