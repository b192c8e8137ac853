import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// No billed request that is known to fail (docs/SMARTCAR.md §5.4): energy is battery or fuel,
/// and a 501 is remembered per vehicle in the store, across processes. Against the emulator.
struct UnsupportedReadingsTests {
    func calls(_ world: SeededWorld) async -> Int {
        await world.emulator.counters().callsPerVehicle[world.vehicles[0].id] ?? 0
    }

    @Test func aFuelCarIsAskedForBatteryOnceThenOnlyForFuel() async throws {
        try await SeededWorld.with(customers: ["Ada"], powertrains: [.ice]) { world in
            let id = world.vehicles[0].id
            let first = try await buildCarport(environment: world.environment).liveData(id, refreshing: true)
            #expect(first.fuel != nil && first.battery == nil)
            #expect(first.problems.isEmpty, "\(first.problems)")
            #expect(first.unsupported == ["battery"])
            // odometer, location, battery (501), fuel, locks, permissions
            #expect(await calls(world) == 6)

            let again = try await buildCarport(environment: world.environment).liveData(id, refreshing: true)
            #expect(again.fuel != nil && again.unsupported == ["battery"])
            #expect(await calls(world) == 6 + 5, "battery is not asked again")
            let store = try await buildCarport(environment: world.environment).store
            #expect(try await store.unsupportedReadings(vehicleId: id) == ["battery"])
        }
    }

    @Test func anElectricCarIsNeverAskedForFuel() async throws {
        try await SeededWorld.with(customers: ["Ben"], powertrains: [.bev]) { world in
            let data = try await buildCarport(environment: world.environment).liveData(
                world.vehicles[0].id, refreshing: true)
            #expect(data.battery != nil && data.fuel == nil && data.unsupported.isEmpty)
            #expect(await calls(world) == 5)
        }
    }

    @Test func readingsNotGrantedAtConnectAreReportedNotAsked() async throws {
        let granted = ["read_vehicle_info", "read_vin", "read_fuel"]
        try await SeededWorld.with(customers: ["Di"], powertrains: [.ice], adjust: { $0.scopes = granted }) { world in
            let data = try await buildCarport(environment: world.environment).liveData(
                world.vehicles[0].id, refreshing: true)
            #expect(data.fuel != nil && data.odometer == nil && data.lockStatus == nil)
            #expect(data.problem("odometer")?.error.message.contains("Not granted at Connect (read_odometer)") == true)
            #expect(data.problem("battery") == nil, "fuel answered: the battery's absence says nothing")
            #expect(await calls(world) == 2, "fuel and permissions only")
        }
    }

    @Test func aForgottenVehicleTakesItsMemoryWithIt() async throws {
        try await SeededWorld.with(customers: ["Cy"], powertrains: [.ice]) { world in
            let carport = try await buildCarport(environment: world.environment)
            let id = world.vehicles[0].id
            _ = try await carport.liveData(id, refreshing: true)
            let (vehicle, connection) = try await carport.resolveVehicle(id)
            try await carport.disconnect(vehicle, of: connection)
            #expect(try await carport.store.unsupportedReadings(vehicleId: id).isEmpty)
            try await carport.store.rememberUnsupported(["fuel"], vehicleId: id) // no such vehicle: ignored
            #expect(try await carport.store.unsupportedReadings(vehicleId: id).isEmpty)
        }
    }
}
