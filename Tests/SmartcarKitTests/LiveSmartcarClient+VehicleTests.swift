import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit
import Testing

struct VehicleClientTests {
    static let vid = "36ab27d0-fd9d-4455-823a-ce30af709ffc"
    let token = Secret("CANARY-access-55")

    @Test func userAndEveryPageOfVehicles() async throws {
        let h = try ClientHarness([
            ClientHarness.ok("user"), ClientHarness.ok("vehicles-page1"), ClientHarness.ok("vehicles-page2"),
        ])
        #expect(try await h.client.userId(accessToken: token) == "e0514ef4-5226-11e8-8c13-8f6e8f02e27e")
        let ids = try await h.client.vehicleIds(accessToken: token)
        #expect(ids.count == 3)
        let requests = await h.transport.requests
        #expect(requests[0].url?.path == "/v2.0/user")
        #expect(requests[0].value(forHTTPHeaderField: "Authorization") == "Bearer CANARY-access-55")
        #expect(requests[1].url?.query == "limit=50&offset=0")
        #expect(requests[2].url?.query == "limit=50&offset=2")
    }

    @Test func readsDecodeTheDocumentedShapes() async throws {
        let age = ["SC-Data-Age": "2018-06-20T01:33:37.078Z", "SC-Request-Id": "req-1", "SC-Unit-System": "metric"]
        let h = try ClientHarness(
            [
                "attributes", "vin", "odometer", "location", "battery", "charge", "fuel", "tires",
                "security", "permissions",
            ].map { ClientHarness.ok($0, headers: age) })
        let c = h.client
        #expect(
            try await c.attributes(vehicleId: Self.vid, accessToken: token)
                == VehicleAttributes(id: Self.vid, make: "TESLA", model: "Model S", year: 2014))
        #expect(try await c.vin(vehicleId: Self.vid, accessToken: token) == "5YJSA1CN5DFP00101")
        let odometer = try await c.odometer(vehicleId: Self.vid, accessToken: token)
        #expect(odometer.value.distanceKm == 104.32)
        #expect(odometer.meta.requestId == "req-1")
        #expect(odometer.meta.dataAge == ISOTimestamp.parse("2018-06-20T01:33:37.078Z"))
        #expect(odometer.meta.dataAge != nil)
        #expect(try await c.location(vehicleId: Self.vid, accessToken: token).value.longitude == 122.1381)
        #expect(try await c.battery(vehicleId: Self.vid, accessToken: token).value.rangeKm == 40.5)
        #expect(try await c.charge(vehicleId: Self.vid, accessToken: token).value.state == "FULLY_CHARGED")
        let fuel = try await c.fuel(vehicleId: Self.vid, accessToken: token).value
        #expect(fuel.amountLiters == 53.2 && fuel.rangeKm == nil)
        #expect(try await c.tirePressure(vehicleId: Self.vid, accessToken: token).value.frontLeft == 219.3)
        let lock = try await c.lockStatus(vehicleId: Self.vid, accessToken: token).value
        #expect(lock.isLocked && lock.doors.count == 4 && lock.storage.count == 2)
        #expect(try await c.permissions(vehicleId: Self.vid, accessToken: token).count == 3)
        let requests = await h.transport.requests
        #expect(
            requests.map { $0.url!.path }
                == [
                    "", "/vin", "/odometer", "/location", "/battery", "/charge", "/fuel", "/tires/pressure",
                    "/security", "/permissions",
                ].map { "/v2.0/vehicles/\(Self.vid)\($0)" })
        #expect(requests.dropLast().allSatisfy { $0.value(forHTTPHeaderField: "SC-Unit-System") == "metric" })
    }

    @Test func commandsPostTheActionAndDisconnectDeletes() async throws {
        let h = try ClientHarness([ClientHarness.ok("action"), ClientHarness.ok("disconnect")])
        #expect(
            try await h.client.security(.lock, vehicleId: Self.vid, accessToken: token)
                == "Successfully sent request to vehicle")
        try await h.client.disconnect(vehicleId: Self.vid, accessToken: token)
        let requests = await h.transport.requests
        #expect(requests[0].httpMethod == "POST" && requests[0].bodyText == #"{"action":"LOCK"}"#)
        #expect(requests[0].url?.path.hasSuffix("/security") == true)
        #expect(requests[1].httpMethod == "DELETE" && requests[1].url?.path.hasSuffix("/application") == true)
    }

    @Test func readsRetry5xxWithJitteredBackoffThenSucceed() async throws {
        let h = try ClientHarness([
            .json(500, ClientHarness.fixture("error-v2-server")),
            .failure(TransportFailure(.answerLost, "connection lost")), ClientHarness.ok("odometer"),
        ])
        _ = try await h.client.odometer(vehicleId: Self.vid, accessToken: token)
        #expect(await h.sleeps.delays == [0.25, 0.5])
    }

    @Test func readsGiveUpAfterTheBoundedNumberOfAttempts() async throws {
        let server = ScriptedTransport.Answer.json(500, ClientHarness.fixture("error-v2-server"))
        let h = try ClientHarness([server, server, server, server])
        await #expect {
            try await h.client.odometer(vehicleId: Self.vid, accessToken: token)
        } throws: { ($0 as? CarportError)?.kind == .transient }
        #expect(await h.transport.requests.count == RetryPolicy.standard.maxAttempts)
        #expect(await h.transport.remaining == 1)
    }

    @Test func rateLimitHonoursRetryAfter() async throws {
        let h = try ClientHarness([
            .json(429, ClientHarness.fixture("error-v2-ratelimit"), headers: ["Retry-After": "7"]),
            ClientHarness.ok("odometer"),
        ])
        _ = try await h.client.odometer(vehicleId: Self.vid, accessToken: token)
        #expect(await h.sleeps.delays == [7])
    }

    @Test func aLongRetryAfterGoesBackToTheCaller() async throws {
        let h = try ClientHarness([
            .json(429, ClientHarness.fixture("error-v2-ratelimit"), headers: ["Retry-After": "3600"])
        ])
        await #expect {
            try await h.client.odometer(vehicleId: Self.vid, accessToken: token)
        } throws: { ($0 as? CarportError)?.details?.retryAfter == 3600 }
        #expect(await h.sleeps.delays.isEmpty)
    }

    @Test(arguments: ["error-v2-asleep", "error-v2-permission"])
    func fourHundredsAreNeverRetried(_ fixture: String) async throws {
        let status = fixture.hasSuffix("asleep") ? 409 : 403
        let h = try ClientHarness([.json(status, ClientHarness.fixture(fixture)), ClientHarness.ok("odometer")])
        await #expect(throws: CarportError.self) {
            try await h.client.odometer(vehicleId: Self.vid, accessToken: token)
        }
        #expect(await h.transport.requests.count == 1)
    }

    @Test func aCommandWhoseAnswerWasLostIsNotResent() async throws {
        let h = try ClientHarness([
            .failure(TransportFailure(.answerLost, "no answer within the timeout")), ClientHarness.ok("action"),
        ])
        await #expect {
            try await h.client.security(.unlock, vehicleId: Self.vid, accessToken: token)
        } throws: { ($0 as? CarportError)?.kind == .answerLost }
        #expect(await h.transport.requests.count == 1)
    }

    @Test func errorsNeverCarryTheAccessToken() async throws {
        let echo = #"{"error":"authentication_error","message":"Invalid token CANARY-access-55"}"#
        let h = try ClientHarness([.json(401, echo)])
        do {
            _ = try await h.client.odometer(vehicleId: Self.vid, accessToken: token)
        } catch let error as CarportError {
            #expect(error.kind == .authorizationRevoked)
            #expect(!error.message.contains("CANARY"))
        }
    }
}
