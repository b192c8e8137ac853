import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

@Suite("API v3 app tokens")
struct AppTokenTests {
    @Test("client credentials by Basic give a one-hour Bearer token without a refresh token")
    func basic() async throws {
        try await EmulatorHarness.with { h in
            let reply = try await h.appTokenReply()
            #expect(reply.status == 200)
            #expect(Set(reply.json.keys) == ["access_token", "token_type", "expires_in"])
            #expect(reply.json["token_type"] as? String == "Bearer")
            #expect(reply.json["expires_in"] as? Int == 3600)
            #expect(reply.header("SC-Request-Id") != nil)
            #expect(await h.emulator.counters().appTokens == 1)
        }
    }

    @Test("credentials as form fields or in a JSON body work too")
    func formAndJSON() async throws {
        try await EmulatorHarness.with { h in
            let form = FormEncoding.encode([
                ("grant_type", "client_credentials"), ("client_id", h.config.apiClientId),
                ("client_secret", h.config.apiClientSecret),
            ])
            let byForm = try await h.request(
                "POST", "/oauth2/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Data(form.utf8))
            #expect(byForm.status == 200)
            let json = """
                {"grant_type":"client_credentials","client_id":"\(h.config.apiClientId)",\
                "client_secret":"\(h.config.apiClientSecret)"}
                """
            let byJSON = try await h.request(
                "POST", "/oauth2/token", headers: ["Content-Type": "application/json"], body: Data(json.utf8))
            #expect(byJSON.status == 200)
            #expect(await h.emulator.counters().appTokens == 2)
        }
    }

    @Test("a wrong secret, the classic credentials or none: 401 invalid_client")
    func badCredentials() async throws {
        try await EmulatorHarness.with { h in
            let wrong = try await h.appTokenReply(secret: "not-the-secret")
            #expect(wrong.status == 401 && wrong.json["error"] as? String == "invalid_client")
            #expect(wrong.json["error_description"] is String)
            let classic = try await h.request(
                "POST", "/oauth2/token",
                headers: [
                    "Authorization": "Basic "
                        + Data("\(h.config.clientId):\(h.config.clientSecret)".utf8).base64EncodedString()
                ], body: Data("grant_type=client_credentials".utf8))
            #expect(classic.status == 401)
            let none = try await h.request("POST", "/oauth2/token", body: Data("grant_type=client_credentials".utf8))
            #expect(none.status == 401)
            #expect(!wrong.text.contains(h.config.apiClientSecret))
            #expect(await h.emulator.counters().appTokens == 0)
            #expect(await h.emulator.counters().tokenErrors == 3)
        }
    }

    @Test("a missing or other grant type: 400 invalid_request / unsupported_grant_type")
    func grantTypes() async throws {
        try await EmulatorHarness.with { h in
            let missing = try await h.appTokenReply(form: [])
            #expect(missing.status == 400 && missing.json["error"] as? String == "invalid_request")
            let other = try await h.appTokenReply(form: [("grant_type", "refresh_token")])
            #expect(other.status == 400 && other.json["error"] as? String == "unsupported_grant_type")
        }
    }

    @Test("an expired or unknown app token: 401 AUTHENTICATION in errors[] with the request id")
    func expiry() async throws {
        try await EmulatorHarness.with({ $0.appTokenLifetime = 60 }) { h in
            let seeded = await h.emulator.seedV3Connection()
            let token = try await h.appToken()
            let path = "/vehicles/\(seeded.vehicleIds[0])"
            #expect(try await h.v3(path, token: token, user: seeded.userId).status == 200)
            await h.emulator.advanceClock(by: 60)
            for reply in [
                try await h.v3(path, token: token, user: seeded.userId),
                try await h.v3(path, token: "unknown", user: seeded.userId),
            ] {
                let error = h.onlyError(reply)
                #expect(reply.status == 401 && error["status"] as? String == "401")
                #expect(error["type"] as? String == "AUTHENTICATION")
                let debug = (error["meta"] as? [String: Any])?["debug"] as? [String: Any]
                #expect(debug?["requestId"] as? String == reply.header("SC-Request-Id"))
            }
        }
    }

    @Test("an app token invalidated early answers 401; a new one works")
    func invalidated() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedV3Connection()
            let path = "/vehicles/\(seeded.vehicleIds[0])"
            let first = try await h.appToken()
            #expect(await h.emulator.invalidateAppToken(Secret(first)))
            #expect(try await h.v3(path, token: first, user: nil).status == 401)
            let second = try await h.appToken()
            let body = Data(#"{"token":"\#(second)"}"#.utf8)
            #expect(try await h.request("POST", "/admin/revoke", body: body).status == 200)
            #expect(try await h.v3(path, token: second, user: nil).status == 401)
            #expect(try await h.v3(path, token: try await h.appToken(), user: nil).status == 200)
        }
    }

    @Test("a token fault reaches /oauth2/token")
    func fault() async throws {
        try await EmulatorHarness.with { h in
            await h.emulator.inject(.tokenError(status: 503, error: "server_error"))
            let reply = try await h.appTokenReply()
            #expect(reply.status == 503 && reply.json["error"] as? String == "server_error")
            #expect(try await h.appTokenReply().status == 200)
        }
    }

    @Test("the configuration never prints the API client secret")
    func redaction() {
        var config = EmulatorConfig()
        config.apiClientSecret = "canary-api-secret-6d1f"
        #expect(!String(describing: config).contains("canary"))
        var dumped = ""
        dump(config, to: &dumped)
        #expect(!dumped.contains("canary"))
        #expect(config.description.contains(config.applicationId))
        let lines = config.exportLines(baseURL: URL(string: "http://127.0.0.1:9")!)
        #expect(!lines.contains("canary"))
        #expect(lines.contains("export SMARTCAR_APPLICATION_ID=\(config.applicationId)"))
        #expect(lines.contains("export SMARTCAR_IAM_ORIGIN=http://127.0.0.1:9"))
        #expect(
            EmulatorConfig().exportLines(baseURL: URL(string: "http://127.0.0.1:9")!).contains(
                "export SMARTCAR_API_CLIENT_SECRET=\(EmulatorConfig.demoAPIClientSecret)"))
    }
}
