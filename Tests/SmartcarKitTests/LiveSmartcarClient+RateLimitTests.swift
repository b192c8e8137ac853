import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit
import Testing

/// Reads are retried by error type, never blindly: a carmaker's own limit never, a Smartcar limit
/// once and only for a short `Retry-After`; the message names the limit and when to try again.
struct RateLimitRetryTests {
    let token = Secret("CANARY-access-77")

    static func error(_ type: String, _ code: String) -> String {
        #"{"type":"\#(type)","code":"\#(code)","description":"Limited.","statusCode":429,"#
            + #""requestId":"r-1","resolution":{"type":"RETRY_LATER"}}"#
    }

    func read(_ h: ClientHarness) async -> CarportError? {
        await #expect(throws: CarportError.self) {
            try await h.client.odometer(vehicleId: VehicleClientTests.vid, accessToken: token)
        }
    }

    @Test func theCarmakersOwnLimitIsNeverRetried() async throws {
        let h = try ClientHarness([.json(429, Self.error("UPSTREAM", "RATE_LIMIT")), ClientHarness.ok("odometer")])
        let error = await read(h)
        #expect(error?.message.contains("The carmaker's own limit for this vehicle was reached") == true)
        #expect(await h.transport.requests.count == 1)
        #expect(await h.sleeps.delays.isEmpty)
    }

    @Test func aVehicleLimitIsWaitedForOnceWhenRetryAfterIsShort() async throws {
        let limited = ScriptedTransport.Answer.json(
            429, Self.error("RATE_LIMIT", "VEHICLE"), headers: ["Retry-After": "7"])
        let h = try ClientHarness([limited, limited, ClientHarness.ok("odometer")])
        let error = await read(h)
        #expect(
            error?.message.contains("Smartcar's request limit for this vehicle was reached; try again in 7 s.") == true)
        #expect(await h.sleeps.delays == [7])
        #expect(await h.transport.requests.count == 2)
    }

    @Test func theApplicationLimitWithoutRetryAfterIsReportedNotRetried() async throws {
        let h = try ClientHarness([.json(429, Self.error("RATE_LIMIT", "SMARTCAR_API")), ClientHarness.ok("odometer")])
        let error = await read(h)
        #expect(error?.kind == .rateLimited)
        #expect(
            error?.message.contains(
                "Smartcar's request limit for this application was reached; try again in a few minutes.")
                == true)
        #expect(await h.transport.requests.count == 1)
        #expect(await h.sleeps.delays.isEmpty)
    }
}
