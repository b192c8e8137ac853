import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

@Suite("Connect")
struct ConnectTests {
    static let errors: [(auto: String, error: String, extras: [String])] = [
        ("deny", "access_denied", []),
        ("access_denied", "access_denied", []),
        ("invalid_subscription", "invalid_subscription", []),
        ("no_vehicles", "no_vehicles", []),
        ("vehicle_incompatible", "vehicle_incompatible", ["vin", "make", "model", "year"]),
        ("configuration_error", "configuration_error", ["status_code", "error_message"]),
        ("server_error", "server_error", []),
        ("user_cancelled", "user_cancelled", []),
        ("user_manually_returned_to_application", "user_manually_returned_to_application", []),
    ]

    @Test(
        "every Connect error redirects with error, error_description, its extras and the state",
        arguments: errors.map(\.auto))
    func errorRedirect(auto: String) async throws {
        let expected = try #require(Self.errors.first { $0.auto == auto })
        try await EmulatorHarness.with { h in
            let reply = try await h.get("\(SmartcarPaths.authorize)?\(h.authorizeQuery([("emulator_auto", auto)]))")
            #expect(reply.status == 302)
            #expect(reply.header("Location")?.hasPrefix(h.config.redirectURIs[0] + "?") == true)
            let query = reply.redirectQuery
            #expect(query["error"] == expected.error)
            #expect(query["error_description"]?.isEmpty == false)
            #expect(query["state"] == "st-1")
            #expect(query["code"] == nil)
            for extra in expected.extras { #expect(query[extra] != nil, "missing \(extra)") }
        }
    }

    @Test(
        "test-account emails choose Connect errors",
        arguments: [
            ("smartcar@invalid-subscription.com", "invalid_subscription"),
            ("smartcar@vehicle-incompatible.com", "vehicle_incompatible"),
        ])
    func emailErrors(email: String, error: String) async throws {
        try await EmulatorHarness.with { h in
            let query = h.authorizeQuery([("emulator_auto", "approve"), ("emulator_email", email)])
            let reply = try await h.get("\(SmartcarPaths.authorize)?\(query)")
            #expect(reply.redirectQuery["error"] == error)
        }
    }

    @Test("an unknown client or an unregistered redirect URI gets an error page, never a redirect")
    func validationPages() async throws {
        try await EmulatorHarness.with { h in
            let badClient = try await h.get(
                "\(SmartcarPaths.authorize)?response_type=code&client_id=%3Cscript%3Ex&emulator_auto=approve")
            #expect(badClient.status == 400 && badClient.header("Location") == nil)
            #expect(badClient.text.contains("Invalid parameter client_id: &lt;script&gt;x"))
            #expect(!badClient.text.contains("<script>"))
            let query = FormEncoding.encode([
                ("response_type", "code"), ("client_id", h.config.clientId),
                ("redirect_uri", "https://evil.example/cb"), ("emulator_auto", "approve"),
            ])
            let badRedirect = try await h.get("\(SmartcarPaths.authorize)?\(query)")
            #expect(badRedirect.status == 400 && badRedirect.header("Location") == nil)
        }
    }

    @Test("the HTML pages carry Smartcar's element ids and complete to a code that exchanges")
    func browserFlow() async throws {
        try await EmulatorHarness.with { h in
            let preamble = try await h.get(
                "\(SmartcarPaths.authorize)?\(h.authorizeQuery([("scope", "read_odometer required:read_vin")]))")
            #expect(preamble.text.contains("id=\"continue-button\""))
            let session = try #require(Self.session(in: preamble.text))
            let brands = try await h.get("/connect/brands?session=\(session)")
            #expect(brands.text.contains("class=\"brand-list-item\"") && brands.text.contains("id=\"brand-search\""))
            let login = try await h.get("/connect/login?session=\(session)&make=TESLA")
            for id in ["username", "password", "sign-in-button"] { #expect(login.text.contains("id=\"\(id)\"")) }
            let form = FormEncoding.encode([("session", session), ("username", "a@b.c"), ("password", "p")])
            let grant = try await h.request("POST", "/connect/login", body: Data(form.utf8))
            #expect(grant.text.contains("id=\"approval-button\"") && grant.text.contains("read_vin"))
            let done = try await h.request(
                "POST", "/connect/grant", body: Data("session=\(session)&decision=approve".utf8))
            let code = try #require(done.redirectQuery["code"])
            #expect(done.redirectQuery["state"] == "st-1")
            let tokens = try await h.exchange(code)
            let vehicles = try await h.get("/v2.0/vehicles", token: tokens.accessToken.reveal())
            let id = try #require((vehicles.json["vehicles"] as? [String])?.first)
            let permissions = try await h.get("/v2.0/vehicles/\(id)/permissions", token: tokens.accessToken.reveal())
            #expect(permissions.json["permissions"] as? [String] == ["read_odometer", "read_vin"])
        }
    }

    @Test("approval_prompt=auto skips the grant page for scopes the user approved before; force never does")
    func approvalPrompt() async throws {
        try await EmulatorHarness.with { h in
            // First time: the grant page, approved.
            let first = try await h.get(
                "\(SmartcarPaths.authorize)?\(h.authorizeQuery([("scope", "read_odometer read_vin"), ("approval_prompt", "auto")]))"
            )
            let firstSession = try #require(Self.session(in: first.text))
            let page = try await h.request(
                "POST", "/connect/login",
                body: Data(FormEncoding.encode([("session", firstSession), ("username", "repeat@b.c")]).utf8))
            #expect(page.status == 200 && page.text.contains("id=\"approval-button\""))
            let approved = try await h.request(
                "POST", "/connect/grant", body: Data("session=\(firstSession)&decision=approve".utf8))
            #expect(approved.redirectQuery["code"] != nil)
            // The same scopes again (or fewer): straight back with a code, no grant page.
            let preamble = try await h.get(
                "\(SmartcarPaths.authorize)?\(h.authorizeQuery([("scope", "read_vin"), ("approval_prompt", "auto")]))")
            let session = try #require(Self.session(in: preamble.text))
            let again = try await h.request(
                "POST", "/connect/login",
                body: Data(FormEncoding.encode([("session", session), ("username", "repeat@b.c")]).utf8))
            #expect(again.status == 302 && again.redirectQuery["code"] != nil)
            // No approval_prompt at all means auto.
            let plain = try await h.get("\(SmartcarPaths.authorize)?\(h.authorizeQuery([("scope", "read_odometer")]))")
            let plainSession = try #require(Self.session(in: plain.text))
            let skipped = try await h.request(
                "POST", "/connect/login",
                body: Data(FormEncoding.encode([("session", plainSession), ("username", "repeat@b.c")]).utf8))
            #expect(skipped.status == 302 && skipped.redirectQuery["code"] != nil)
            // More than approved, or approval_prompt=force: the grant page.
            for extra in [
                [("scope", "read_location"), ("approval_prompt", "auto")],
                [("scope", "read_vin"), ("approval_prompt", "force")],
            ] {
                let preamble = try await h.get("\(SmartcarPaths.authorize)?\(h.authorizeQuery(extra))")
                let session = try #require(Self.session(in: preamble.text))
                let page = try await h.request(
                    "POST", "/connect/login",
                    body: Data(FormEncoding.encode([("session", session), ("username", "repeat@b.c")]).utf8))
                #expect(page.status == 200 && page.text.contains("id=\"approval-button\""), "\(extra)")
            }
        }
    }

    @Test("deny on the grant page redirects with access_denied")
    func browserDeny() async throws {
        try await EmulatorHarness.with { h in
            let preamble = try await h.get("\(SmartcarPaths.authorize)?\(h.authorizeQuery())")
            let session = try #require(Self.session(in: preamble.text))
            _ = try await h.request("POST", "/connect/login", body: Data("session=\(session)&username=x%40y.z".utf8))
            let done = try await h.request(
                "POST", "/connect/grant", body: Data("session=\(session)&decision=deny".utf8))
            #expect(done.redirectQuery["error"] == "access_denied")
        }
    }

    @Test("re-authentication answers with vehicle_id and clears AUTHENTICATION_FAILED")
    func reauthenticate() async throws {
        try await EmulatorHarness.with { h in
            let seeded = try #require(
                await h.emulator.seedConnection(email: "CONNECTED_SERVICES_ACCOUNT.AUTHENTICATION_FAILED@smartcar.com"))
            let id = seeded.vehicleIds[0]
            let failing = try await h.get("/v2.0/vehicles/\(id)/odometer", token: seeded.tokens.accessToken.reveal())
            #expect(failing.status == 400)
            let resolution = try #require(failing.json["resolution"] as? [String: Any])
            let url = try #require(resolution["url"] as? String)
            #expect(url.contains("/oauth/reauthenticate?response_type=vehicle_id"))
            let path = String(url.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
            let reply = try await h.get(path + "&emulator_auto=approve&state=r1")
            #expect(reply.redirectQuery["vehicle_id"] == id && reply.redirectQuery["state"] == "r1")
            #expect(
                try await h.get("/v2.0/vehicles/\(id)/odometer", token: seeded.tokens.accessToken.reveal()).status
                    == 200)
        }
    }

    static func session(in html: String) -> String? {
        guard let range = html.range(of: #"name="session" value="([^"]+)""#, options: .regularExpression) else {
            return nil
        }
        return String(html[range].split(separator: "\"")[3])
    }
}

@Suite("Connect single select")
struct SingleSelectTests {
    @Test("single_select grants one vehicle; single_select_vin grants exactly that VIN")
    func singleSelect() async throws {
        try await EmulatorHarness.with { h in
            for (extra, expected) in [([("single_select", "true")], 1), ([], 3)] {
                let code = try #require(
                    try await h.get(
                        "\(SmartcarPaths.authorize)?\(h.authorizeQuery(extra + [("emulator_auto", "approve"), ("emulator_email", "3-vehicles@smartcar.com")]))"
                    ).redirectQuery["code"])
                let tokens = try await h.exchange(code)
                let vehicles = try await h.get("/v2.0/vehicles", token: tokens.accessToken.reveal())
                #expect((vehicles.json["vehicles"] as? [String])?.count == expected)
            }
            let vin = "0SCAUDI037A5ADB1C"
            let query = h.authorizeQuery([
                ("single_select", "true"), ("single_select_vin", vin), ("emulator_auto", "approve"),
                ("emulator_email", "smartcar@successful-request.com"),
            ])
            let code = try #require(try await h.get("\(SmartcarPaths.authorize)?\(query)").redirectQuery["code"])
            let token = try await h.exchange(code).accessToken.reveal()
            let ids = try #require(try await h.get("/v2.0/vehicles", token: token).json["vehicles"] as? [String])
            #expect(ids.count == 1)
            #expect(try await h.get("/v2.0/vehicles/\(ids[0])/vin", token: token).json["vin"] as? String == vin)
        }
    }

    @Test("the config never prints its secrets")
    func configRedacts() {
        let config = EmulatorConfig(clientSecret: "very-secret-value", managementToken: "amt-secret-value")
        var dumped = ""
        dump(config, to: &dumped)
        for text in ["\(config)", String(describing: config), dumped] {
            #expect(!text.contains("very-secret-value") && !text.contains("amt-secret-value"))
        }
    }
}
