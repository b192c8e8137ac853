import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

/// Commands wait far longer than reads (docs/SMARTCAR.md §5.7): against the emulator, with the
/// timeouts scaled down from 310 s and 60 s.
struct SlowCommandTests {
    @Test func theStandardPolicyWaitsForACommandAsLongAsSmartcarsSDKsDo() {
        #expect(RetryPolicy.standard.commandTimeout >= 310)
        #expect(RetryPolicy.standard.timeout == 60)
    }

    @Test func aCommandSlowerThanTheReadTimeoutIsWaitedFor() async throws {
        try await CurlTransportTests.World.with(timeout: 0.5, commandTimeout: 10) { world in
            let seeded = await world.emulator.seedConnection()
            let vehicleId = seeded.vehicleIds[0]
            var slow = EmulatorFault.slow(seconds: 1.5)
            slow.path = "/security"
            await world.emulator.inject(slow)
            let message = try await world.client.security(
                .lock, vehicleId: vehicleId, accessToken: seeded.tokens.accessToken)
            #expect(message.contains("Successfully"))
            #expect(await world.emulator.counters().commands == 1)
        }
    }

    @Test func aReadSlowerThanTheReadTimeoutTimesOut() async throws {
        try await CurlTransportTests.World.with(timeout: 0.5, commandTimeout: 10) { world in
            let seeded = await world.emulator.seedConnection()
            var slow = EmulatorFault.slow(seconds: 1.5, count: nil)
            slow.path = "/odometer"
            await world.emulator.inject(slow)
            await #expect {
                _ = try await world.client.odometer(
                    vehicleId: seeded.vehicleIds[0], accessToken: seeded.tokens.accessToken)
            } throws: { error in
                let error = error as? CarportError
                return error?.kind == .transient && error?.message.contains("no answer within the timeout") == true
            }
        }
    }
}
