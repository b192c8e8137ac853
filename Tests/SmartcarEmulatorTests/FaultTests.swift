import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

@Suite("Faults")
struct FaultTests {
    static let apiErrors: [(type: String, code: String?, status: Int)] = [
        ("AUTHENTICATION", nil, 401), ("PERMISSION", nil, 403), ("VALIDATION", "PARAMETER", 400),
        ("RESOURCE_NOT_FOUND", "PATH", 404), ("RATE_LIMIT", "SMARTCAR_API", 429),
        ("BILLING", "VEHICLE_REQUEST_LIMIT", 430),
        ("COMPATIBILITY", "MAKE_NOT_COMPATIBLE", 501), ("CONNECTED_SERVICES_ACCOUNT", "SUBSCRIPTION", 400),
        ("VEHICLE_STATE", "ASLEEP", 409), ("UPSTREAM", "NO_RESPONSE", 502), ("SERVER", "INTERNAL", 500),
    ]

    @Test("an injected v2 error has its HTTP status and the full body, once", arguments: apiErrors.map(\.type))
    func apiError(type: String) async throws {
        let expected = try #require(Self.apiErrors.first { $0.type == type })
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            let path = "/v2.0/vehicles/\(seeded.vehicleIds[0])/odometer"
            await h.emulator.inject(.apiError(type: type, code: expected.code))
            let reply = try await h.get(path, token: seeded.tokens.accessToken.reveal())
            #expect(reply.status == expected.status)
            #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(reply.json["type"] as? String == type)
            #expect(reply.json["statusCode"] as? Int == expected.status)
            #expect(reply.json["requestId"] as? String == reply.header("SC-Request-Id"))
            #expect((reply.json["docURL"] as? String)?.hasPrefix("https://smartcar.com/docs/errors/") == true)
            #expect(reply.json["resolution"] is [String: Any])
            #expect(reply.json["error"] == nil)
            #expect(try await h.get(path, token: seeded.tokens.accessToken.reveal()).status == 200)
        }
    }

    @Test("429 RATE_LIMIT:VEHICLE carries Retry-After and hits only its vehicle")
    func rateLimit() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection(vehicleCount: 2)
            let token = seeded.tokens.accessToken.reveal()
            await h.emulator.inject(EmulatorFault.rateLimit(retryAfter: 42, count: 2).on(vehicle: seeded.vehicleIds[1]))
            #expect(try await h.get("/v2.0/vehicles/\(seeded.vehicleIds[0])/odometer", token: token).status == 200)
            for _ in 0..<2 {
                let reply = try await h.get("/v2.0/vehicles/\(seeded.vehicleIds[1])/odometer", token: token)
                #expect(reply.status == 429 && reply.header("Retry-After") == "42")
                #expect(reply.json["code"] as? String == "VEHICLE")
            }
            #expect(try await h.get("/v2.0/vehicles/\(seeded.vehicleIds[1])/odometer", token: token).status == 200)
            #expect(await h.emulator.counters().faultsFired == 2)
        }
    }

    @Test("the app bucket answers RATE_LIMIT:SMARTCAR_API when empty and refills with the clock")
    func appBucket() async throws {
        try await EmulatorHarness.with({ $0.appRateLimit = RateBucketConfig(capacity: 3, refillPerMinute: 2) }) { h in
            let seeded = await h.emulator.seedConnection()
            let token = seeded.tokens.accessToken.reveal()
            for _ in 0..<3 { #expect(try await h.get("/v2.0/user", token: token).status == 200) }
            let limited = try await h.get("/v2.0/user", token: token)
            #expect(limited.status == 429 && limited.json["code"] as? String == "SMARTCAR_API")
            await h.emulator.advanceClock(by: 30)
            #expect(try await h.get("/v2.0/user", token: token).status == 200)
        }
    }

    @Test("a slow answer arrives after the delay")
    func slow() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            await h.emulator.inject(.slow(seconds: 0.4))
            let started = ContinuousClock.now
            let reply = try await h.get("/v2.0/user", token: seeded.tokens.accessToken.reveal())
            #expect(reply.status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(400))
        }
    }

    @Test("a dropped connection gives the client a transport error, and the next request works")
    func drop() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            let token = seeded.tokens.accessToken.reveal()
            await h.emulator.inject(.drop())
            #expect(await Self.transportFails { _ = try await h.get("/v2.0/user", token: token) })
            let next = try await h.get("/v2.0/user", token: token)
            #expect(next.status == 200)
        }
    }

    @Test("an HTML 502 from a proxy and a JSON error without Content-Type")
    func malformedAnswers() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            let token = seeded.tokens.accessToken.reveal()
            await h.emulator.inject(.htmlBadGateway())
            let html = try await h.get("/v2.0/user", token: token)
            #expect(html.status == 502 && html.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(html.text.contains("502 Bad Gateway"))
            await h.emulator.inject(.missingContentType())
            let bare = try await h.get("/v2.0/user", token: token)
            #expect(bare.status == 500 && bare.header("Content-Type") == nil)
            #expect(bare.json["type"] as? String == "SERVER")
        }
    }

    @Test("token-service faults: a 5xx OAuth body, a drop, and a revoked family")
    func tokenFaults() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            let form = [("grant_type", "refresh_token"), ("refresh_token", seeded.tokens.refreshToken.reveal())]
            await h.emulator.inject(.tokenError())
            let failed = try await h.token(form)
            #expect(failed.status == 500 && failed.json["error"] as? String == "server_error")
            #expect(failed.json["error_description"] is String)
            await h.emulator.inject(.drop(service: .token))
            #expect(await Self.transportFails { _ = try await h.token(form) })
            #expect(await h.emulator.revokeFamily(ofToken: seeded.tokens.refreshToken))
            let revoked = try await h.token(form)
            #expect(revoked.status == 400 && revoked.json["error"] as? String == "invalid_request")
        }
    }

    @Test("the admin API injects faults and explains a malformed one")
    func adminFaults() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            let json = #"{"kind":"api_error","type":"UPSTREAM","code":"UNKNOWN_ISSUE","path":"/odometer"}"#
            #expect(try await h.request("POST", "/admin/faults", body: Data(json.utf8)).status == 200)
            let token = seeded.tokens.accessToken.reveal()
            #expect(try await h.get("/v2.0/vehicles/\(seeded.vehicleIds[0])/location", token: token).status == 200)
            #expect(try await h.get("/v2.0/vehicles/\(seeded.vehicleIds[0])/odometer", token: token).status == 502)
            let bad = try await h.request(
                "POST", "/admin/faults", body: Data(#"{"kind":"api_error","type":"NOPE"}"#.utf8))
            #expect(bad.status == 400 && (bad.json["message"] as? String)?.contains("api_error needs") == true)
        }
    }

    /// True when the request ends in a transport error (no HTTP answer at all).
    static func transportFails(_ body: () async throws -> Void) async -> Bool {
        do {
            try await body()
            return false
        } catch {
            return true
        }
    }
}
