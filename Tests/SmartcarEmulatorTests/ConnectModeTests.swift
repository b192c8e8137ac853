import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

/// Connect's `mode` decides which logins work (docs/EMULATOR.md, "Modes"): Smartcar's test accounts
/// in test mode only, a simulated vehicle's credentials in simulated mode and only for its country.
@Suite("Connect modes") struct ConnectModeTests {
    func approve(_ h: EmulatorHarness, email: String, mode: String, flags: String? = nil) async throws
        -> EmulatorHarness.Reply
    {
        var pairs = [
            ("response_type", "code"), ("client_id", h.config.clientId), ("redirect_uri", h.config.redirectURIs[0]),
            ("state", "st-1"), ("mode", mode), ("emulator_auto", "approve"), ("emulator_email", email),
        ]
        if let flags { pairs.append(("flags", flags)) }
        return try await h.get("\(SmartcarPaths.authorize)?\(FormEncoding.encode(pairs))")
    }

    @Test("Smartcar's test accounts sign in to test mode only")
    func testAccountsOnlyInTestMode() async throws {
        try await EmulatorHarness.with { h in
            let live = try await approve(h, email: "3-vehicles@smartcar.com", mode: "live")
            #expect(
                live.status == 400 && live.text.contains("one of Smartcar&#39;s test-mode accounts"), "\(live.text)")
            #expect(try await approve(h, email: "3-vehicles@smartcar.com", mode: "test").redirectQuery["code"] != nil)
            #expect(try await approve(h, email: "ana@example.com", mode: "live").redirectQuery["code"] != nil)
        }
    }

    @Test("simulated mode takes a simulated vehicle's credentials, for its own country")
    func simulatedNeedsTheRightCountry() async throws {
        try await EmulatorHarness.with { h in
            #expect(try await approve(h, email: "driver@carport.test", mode: "simulated").redirectQuery["code"] != nil)
            let noCountry = try await approve(h, email: "fahrer@de.carport.test", mode: "simulated")
            #expect(noCountry.status == 400 && noCountry.text.contains("is in DE but Connect was started for US"))
            let german = try await approve(
                h, email: "fahrer@de.carport.test", mode: "simulated", flags: "country:DE tesla_auth:true")
            #expect(german.redirectQuery["code"] != nil, "\(german.text)")
            let real = try await approve(h, email: "ana@example.com", mode: "simulated")
            #expect(real.status == 400 && real.text.contains("only a simulated vehicle"))
        }
    }

    @Test("the login page says why a sign-in was refused and keeps the session")
    func loginPageShowsTheRefusal() async throws {
        try await EmulatorHarness.with { h in
            let query = FormEncoding.encode([
                ("response_type", "code"), ("client_id", h.config.clientId), ("mode", "live"), ("make", "TESLA"),
            ])
            let first = try await h.get("\(SmartcarPaths.authorize)?\(query)")
            let session = try #require(first.text.firstMatch(of: /name="session" value="([^"]+)"/)?.1)
            let form = FormEncoding.encode([
                ("session", String(session)), ("username", "VEHICLE_STATE.ASLEEP@smartcar.com"), ("password", "x"),
            ])
            let refused = try await h.request(
                "POST", "/connect/login", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Data(form.utf8))
            #expect(refused.status == 200 && refused.text.contains("id=\"login-error\""), "\(refused.text)")
            #expect(refused.text.contains("id=\"sign-in-button\""))
        }
    }

    @Test("<VIN>@incompatible.smartcar.com connects a vehicle without permissions")
    func incompatibleVINConnectsWithoutPermissions() async throws {
        try await EmulatorHarness.with { h in
            let tokens = try await h.exchange(
                try await h.approvedCode(email: "0SCAUDI012FE3B132@incompatible.smartcar.com"))
            let token = tokens.accessToken.reveal()
            let ids = try await h.get("/v2.0/vehicles", token: token).json["vehicles"] as? [String]
            let id = try #require(ids?.first)
            let permissions = try await h.get("/v2.0/vehicles/\(id)/permissions", token: token)
            #expect((permissions.json["permissions"] as? [Any])?.isEmpty == true, "\(permissions.text)")
            let odometer = try await h.get("/v2.0/vehicles/\(id)/odometer", token: token)
            #expect(odometer.status == 403 && odometer.json["type"] as? String == "PERMISSION")
        }
    }
}
