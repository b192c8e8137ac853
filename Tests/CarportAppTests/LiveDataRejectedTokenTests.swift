import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// A 401 for an access token that looked fresh: refreshed once through the locked engine and the
/// reads tried once more; in read-only mode, reported as needing a refresh. Against the emulator.
struct LiveDataRejectedTokenTests {
    @Test func aRejectedFreshTokenIsRefreshedOnceAndTheReadsSucceed() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let stored = world.connections[0]
            await world.emulator.invalidateAccessToken(stored.pair.accessToken)
            let carport = try await buildCarport(environment: world.environment)
            let before = await world.emulator.counters().refreshes
            let data = try await carport.liveData(world.vehicles[0].id, refreshing: true)
            #expect(data.odometer != nil && !data.tokenRejected, "\(data.problems)")
            // SC-Fetched-At is kept beside SC-Data-Age, and shown with it.
            let meta = try #require(data.odometer?.meta)
            #expect(meta.fetchedAt != nil && meta.dataAge != nil)
            #expect(Format.age(meta.dataAge, fetchedAt: meta.fetchedAt, now: Date()).contains(", fetched "))
            #expect(await world.emulator.counters().refreshes == before + 1)
            let after = try #require(try await carport.store.connection(id: stored.id))
            #expect(after.pair.refreshToken != stored.pair.refreshToken)
        }
    }

    @Test func readOnlySaysTheTokenWasRejectedAndNeedsARefresh() async throws {
        try await SeededWorld.with(customers: ["Ben"]) { world in
            await world.emulator.invalidateAccessToken(world.connections[0].pair.accessToken)
            let carport = try await buildCarport(environment: world.environment)
            let before = await world.emulator.counters().refreshes
            let error = await #expect(throws: CarportError.self) {
                try await carport.liveData(world.vehicles[0].id, refreshing: false)
            }
            #expect(error?.message.contains("rejected the access token") == true)
            #expect(error?.message.contains("carport refresh c1") == true)
            #expect(await world.emulator.counters().refreshes == before)
        }
    }
}
