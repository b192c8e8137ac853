import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

/// Retry by error type (docs/SMARTCAR.md §6.5, §6.6) against the emulator's injected limits, as
/// requests the emulator counts; the client's sleeps are skipped, not waited.
struct RateLimitEmulatorTests {
    func odometerError(_ world: CurlTransportTests.World) async throws -> CarportError? {
        let seeded = await world.emulator.seedConnection()
        let before = await world.emulator.counters().apiCalls
        do {
            _ = try await world.client.odometer(vehicleId: seeded.vehicleIds[0], accessToken: seeded.tokens.accessToken)
            return nil
        } catch let error as CarportError {
            #expect(await world.emulator.counters().apiCalls - before == 1, "sent once, never retried")
            return error
        }
    }

    @Test func theCarmakersOwnLimitIsNeverRetried() async throws {
        try await CurlTransportTests.World.with { world in
            await world.emulator.inject(.apiError(type: "UPSTREAM", code: "RATE_LIMIT", count: 3))
            let error = try #require(try await odometerError(world))
            #expect(error.message.contains("The carmaker's own limit for this vehicle was reached"))
        }
    }

    @Test func aShortVehicleLimitIsWaitedForOnceThenTheReadSucceeds() async throws {
        try await CurlTransportTests.World.with { world in
            let seeded = await world.emulator.seedConnection()
            await world.emulator.inject(.rateLimit(retryAfter: 5))
            let reading = try await world.client.odometer(
                vehicleId: seeded.vehicleIds[0], accessToken: seeded.tokens.accessToken)
            #expect(reading.value.distanceKm > 0)
            #expect(await world.emulator.counters().apiCalls == 2)
        }
    }

    @Test func aLongVehicleLimitIsReportedWithWhenToTryAgain() async throws {
        try await CurlTransportTests.World.with { world in
            await world.emulator.inject(.rateLimit(retryAfter: 120, count: 2))
            let error = try #require(try await odometerError(world))
            #expect(error.kind == .rateLimited)
            #expect(
                error.message.contains("Smartcar's request limit for this vehicle was reached; try again in 120 s."))
        }
    }

    @Test func theAppLimitWithoutRetryAfterSaysAFewMinutes() async throws {
        try await CurlTransportTests.World.with { world in
            await world.emulator.inject(.apiError(type: "RATE_LIMIT", code: "SMARTCAR_API", count: 2))
            let error = try #require(try await odometerError(world))
            #expect(error.message.contains("limit for this application was reached; try again in a few minutes."))
        }
    }
}
