import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

/// The v3 client against the real emulator over loopback (docs/SMARTCAR.md §10, docs/EMULATOR.md).
@Suite struct LiveSmartcarV3EmulatorTests {
    static func client(_ emulator: Emulator) throws -> LiveSmartcarV3Client {
        var env = EmulatorConfig.demoV3Settings(origin: emulator.baseURL.absoluteString)
        env["HOME"] = "/nonexistent"
        return try LiveSmartcarV3Client(configuration: try Configuration.load(environment: env, readFile: { _ in nil }))
    }

    @Test func tokenConnectionsVehicleSignalsCommandsAndDisconnect() async throws {
        try await withEmulator(EmulatorConfig(seedDemoWorld: false)) { emulator in
            let seeded = await emulator.seedV3Connection(vehicleCount: 2, powertrains: [.bev, .ice])
            let client = try Self.client(emulator)
            let token = try await client.appToken().token
            let user = seeded.userId
            let connections = try await client.connections(userId: user, appToken: token)
            #expect(Set(connections.map(\.id)) == Set(seeded.connectionIds))
            #expect(Set(connections.map(\.vehicleId)) == Set(seeded.vehicleIds))
            let bev = seeded.vehicleIds[0]
            #expect(try await client.vehicle(bev, userId: user, appToken: token).powertrainType == "BEV")
            let readings = try await client.signals(vehicleId: bev, userId: user, appToken: token)
            #expect(readings.odometer != nil && readings.location != nil && readings.isLocked != nil)
            #expect((0...1).contains(readings.stateOfCharge?.value ?? -1) && readings.problems.isEmpty)
            #expect(readings.odometer?.meta.requestId != nil)

            let unlock = try await client.security(.unlock, vehicleId: bev, userId: user, appToken: token)
            guard case .done = unlock else { throw CarportTestError("an immediate unlock answered \(unlock)") }
            await emulator.setLongRunningCommands(true)
            let lock = try await client.security(.lock, vehicleId: bev, userId: user, appToken: token)
            guard case .accepted = lock else { throw CarportTestError("a long-running lock answered \(lock)") }
            try await poll(until: "the lock status signal says locked") {
                try await client.signal(.isLocked, vehicleId: bev, userId: user, appToken: token).isLocked?.value
                    == true
            }

            let ended = try #require(connections.first { $0.vehicleId == bev })
            try await client.disconnect(connectionId: ended.id, userId: user, appToken: token)
            let gone = await #expect(throws: CarportError.self) {
                try await client.signals(vehicleId: bev, userId: user, appToken: token)
            }
            #expect(gone?.details?.name == "RESOURCE_NOT_FOUND:VEHICLE_NOT_FOUND" && gone?.details?.requestId != nil)
        }
    }

    @Test func aDroppedTokenIsRejectedDistinctlyAndAWrongSecretIsAConfigurationError() async throws {
        try await withEmulator(EmulatorConfig(seedDemoWorld: false)) { emulator in
            let seeded = await emulator.seedV3Connection()
            let client = try Self.client(emulator)
            let token = try await client.appToken().token
            #expect(await emulator.invalidateAppToken(token))
            let rejected = await #expect(throws: CarportError.self) {
                try await client.signals(vehicleId: seeded.vehicleIds[0], userId: seeded.userId, appToken: token)
            }
            #expect(rejected?.kind == .appTokenRejected && rejected?.message.contains(token.reveal()) == false)

            var config = try Configuration.load(environment: ["HOME": "/nonexistent"], readFile: { _ in nil })
            config.apiClientId = EmulatorConfig.demoAPIClientId
            config.apiClientSecret = Secret("CANARY-wrong-api-secret-0f3d")
            config.iamOrigin = emulator.baseURL
            let refused = await #expect(throws: CarportError.self) {
                try await LiveSmartcarV3Client(configuration: config).appToken()
            }
            #expect(refused?.kind == .configuration && refused?.message.contains("CANARY") == false)
        }
    }
}
