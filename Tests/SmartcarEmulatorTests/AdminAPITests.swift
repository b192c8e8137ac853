import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

@Suite("Admin API and configuration")
struct AdminAPITests {
    @Test("seed, counters, clock, vehicle patch and reset over HTTP")
    func adminOverHTTP() async throws {
        try await EmulatorHarness.with { h in
            let seed = try await h.request(
                "POST", "/admin/seed", body: Data(#"{"vehicleCount":2,"powertrains":["ICE"]}"#.utf8))
            #expect(seed.status == 200)
            let seeded = try JSONDecoder().decode(SeededConnection.self, from: seed.body)
            #expect(seeded.vehicleIds.count == 2)
            let token = seeded.tokens.accessToken.reveal()
            #expect(try await h.get("/v2.0/vehicles/\(seeded.vehicleIds[0])/fuel", token: token).status == 200)

            let clock = try await h.request("POST", "/admin/clock", body: Data(#"{"seconds":7201}"#.utf8))
            #expect(clock.json["offsetSeconds"] as? Double == 7201)
            #expect(try await h.get("/v2.0/user", token: token).status == 401)

            let counters = try await h.get("/admin/counters")
            #expect(counters.json["apiCalls"] as? Int == 2)
            #expect((counters.json["callsPerVehicle"] as? [String: Int])?[seeded.vehicleIds[0]] == 1)

            let patch = try await h.request(
                "POST", "/admin/vehicles/\(seeded.vehicleIds[1])", body: Data(#"{"driving":true}"#.utf8))
            #expect(patch.status == 200)
            let listed = try await h.get("/admin/vehicles")
            let summaries = try JSONDecoder().decode([VehicleSummary].self, from: listed.body)
            #expect(summaries.first { $0.id == seeded.vehicleIds[1] }?.driving == true)
            let unknown = try await h.request("POST", "/admin/vehicles/nope", body: Data("{}".utf8))
            #expect(unknown.status == 404)

            #expect(try await h.request("POST", "/admin/reset").status == 200)
            #expect(try await h.get("/admin/counters").json["apiCalls"] as? Int == 0)
            #expect(await h.emulator.vehicles().isEmpty)
            let badClock = try await h.request("POST", "/admin/clock", body: Data(#"{"seconds":-5}"#.utf8))
            #expect(badClock.status == 400 && (badClock.json["message"] as? String)?.contains("seconds") == true)
        }
    }

    @Test("the app comes from SMARTCAR_* when set, demo values otherwise")
    func configFromEnvironment() {
        let demo = EmulatorConfig.fromEnvironment([:])
        #expect(demo.clientId == EmulatorConfig.demoClientId && demo.redirectURIs == EmulatorConfig.demoRedirectURIs)
        let custom = EmulatorConfig.fromEnvironment([
            "SMARTCAR_CLIENT_ID": "cid", "SMARTCAR_CLIENT_SECRET": "sec",
            "SMARTCAR_REDIRECT_URI": "http://localhost:9/cb",
        ])
        #expect(custom.clientId == "cid" && custom.clientSecret == "sec")
        #expect(custom.redirectURIs.first == "http://localhost:9/cb")
        #expect(custom.accessTokenLifetime == 7200 && custom.refreshGrace == 60 && custom.seedDemoWorld)
    }

    @Test("with a latency every answer waits at least that long")
    func latency() async throws {
        try await EmulatorHarness.with({ $0.latency = 0.15 }) { h in
            let started = ContinuousClock.now
            let reply = try await h.get("/nothing")
            #expect(reply.status == 404)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
        }
    }

    @Test("two emulators on port 0 get different ports and stop cleanly")
    func independentInstances() async throws {
        try await EmulatorHarness.with { a in
            try await EmulatorHarness.with { b in
                #expect(a.base != b.base)
                #expect(a.base.absoluteString.hasPrefix("http://127.0.0.1:"))
                let reply = try await b.get("/admin/counters")
                #expect(reply.status == 200)
            }
        }
    }
}
