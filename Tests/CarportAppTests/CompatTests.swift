import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// `Carport+Compat` in process, against the real emulator: each verdict, a malformed VIN that
/// costs no request, bad client credentials, and the matrix.
@Suite struct CompatTests {
    @Test("a PHEV is capable of everything, a BEV not of fuel, an incompatible VIN of nothing")
    func verdictsFollowTheVINsLevel() async throws {
        try await SeededWorld.with(customers: ["Ada", "Ben"], powertrains: [.phev]) { world in
            let carport = try await buildCarport(environment: world.environment)
            let phev = try #require(world.vehicles[0].vin)
            let capable = try await carport.checkCompatibility(vin: phev.lowercased())
            #expect(capable.verdict == .capable && capable.query.vin == phev)
            #expect(capable.query.permissions == Configuration.defaultScopes)

            let bev = "5YJ3E1EA7NF200001"
            await world.emulator.setCompatibility(vin: bev, level: .bev)
            let electric = try await carport.checkCompatibility(
                vin: bev, permissions: ["required:read_fuel", "read_vin"])
            #expect(electric.verdict == .notCapable && electric.notCapable == ["read_fuel"])

            await world.emulator.setCompatibility(vin: bev, level: .incompatible)
            let refused = try await carport.checkCompatibility(vin: bev, country: "us")
            #expect(refused.verdict == .notCompatible && refused.answer.reason == "VEHICLE_NOT_COMPATIBLE")
        }
    }

    @Test("a malformed VIN or country is refused before any request")
    func malformedInputSendsNothing() async throws {
        try await SeededWorld.with(customers: []) { world in
            let carport = try await buildCarport(environment: world.environment)
            let before = await world.emulator.counters().apiCalls
            for (vin, country) in [("5YJ3E1EA7NF10000O", "US"), ("5YJ3", "US"), ("5YJ3E1EA7NF100001", "Germany")] {
                await #expect(throws: CarportError.self) {
                    try await carport.checkCompatibility(vin: vin, country: country)
                }
            }
            #expect(await world.emulator.counters().apiCalls == before)
        }
    }

    @Test("rejected client credentials say which settings to check, without the secret")
    func badCredentialsAreAConfigurationError() async throws {
        try await SeededWorld.with(customers: []) { world in
            var environment = world.environment
            environment["SMARTCAR_CLIENT_SECRET"] = "CANARY-wrong-secret-31"
            let carport = try await buildCarport(environment: environment)
            do {
                _ = try await carport.checkCompatibility(vin: "5YJ3E1EA7NF100001")
                Issue.record("bad credentials were accepted")
            } catch let error as CarportError {
                #expect(error.kind == .configuration)
                #expect(error.message.contains("SMARTCAR_CLIENT_SECRET"), "\(error.message)")
                #expect(!error.message.contains("CANARY-wrong-secret-31"))
            }
        }
    }

    @Test("the matrix lists a make's models in a country's region")
    func matrixForAMake() async throws {
        try await SeededWorld.with(customers: []) { world in
            let carport = try await buildCarport(environment: world.environment)
            let models = try await carport.compatibilityMatrix(make: "tesla", region: MatrixRegion.of(country: "de"))
            #expect(models.map(\.model) == ["Model 3"] && models[0].make == "TESLA" && models[0].powertrain == "BEV")
            #expect(models[0].permissions.contains("control_charge") && !models[0].permissions.contains("read_fuel"))
            #expect(try await carport.compatibilityMatrix(make: "LADA", region: .unitedStates).isEmpty)
            #expect(throws: CarportError.self) { try MatrixRegion.of(country: "JP") }
        }
    }
}
