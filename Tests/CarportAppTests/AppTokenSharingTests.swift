import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// The v3 app token against the emulator's token endpoint: eight carports, each with its own
/// store connection and lock descriptor, ask at once and the emulator issues one; a token the
/// emulator dropped is replaced once; the token and the API secret are sealed, never in clear.
struct AppTokenSharingTests {
    static let apiSecret = EmulatorConfig.demoAPIClientSecret

    @Test func eightCarportsAtOnceFetchOneTokenAndARefusedOneIsReplacedOnce() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let env = world.v3Environment
            let tokens = try await withThrowingTaskGroup(of: Secret.self) { group in
                for _ in 0..<8 {
                    let carport = try await buildCarport(environment: env)
                    group.addTask { try await carport.appTokens().token() }
                }
                return try await group.reduce(into: Set<Secret>()) { $0.insert($1) }
            }
            #expect(tokens.count == 1)
            #expect(await world.emulator.counters().appTokens == 1)

            let seeded = await world.emulator.seedV3Connection(vehicleCount: 1)
            #expect(await world.emulator.invalidateAppToken(try #require(tokens.first)))
            let carport = try await buildCarport(environment: env)
            let vehicle = try await carport.appTokens().withToken { token in
                try await carport.smartcarV3().vehicle(seeded.vehicleIds[0], userId: seeded.userId, appToken: token)
            }
            #expect(vehicle.id == seeded.vehicleIds[0])
            #expect(await world.emulator.counters().appTokens == 2)

            #expect(try world.filesHolding([Self.apiSecret, try #require(tokens.first).reveal()]).isEmpty)
        }
    }
}
