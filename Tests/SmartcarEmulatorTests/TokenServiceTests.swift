import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

@Suite("Token service")
struct TokenServiceTests {
    @Test("a code works once, and only with the redirect URI of the authorize request")
    func codeSingleUse() async throws {
        try await EmulatorHarness.with { h in
            let code = try await h.approvedCode()
            let wrongRedirect = try await h.token([
                ("grant_type", "authorization_code"), ("code", code),
                ("redirect_uri", "http://localhost:1/other"),
            ])
            #expect(wrongRedirect.status == 400)
            #expect(wrongRedirect.json["error"] as? String == "invalid_grant")
            let tokens = try await h.exchange(code)
            #expect(tokens.expiresIn == 7200 && tokens.tokenType == "Bearer")
            let again = try await h.token([
                ("grant_type", "authorization_code"), ("code", code),
                ("redirect_uri", h.config.redirectURIs[0]),
            ])
            #expect(again.status == 400)
            #expect(again.json["error"] as? String == "invalid_request")
            #expect(again.json["error_description"] as? String == "Invalid code: \(code).")
            #expect(await h.emulator.counters().exchanges == 1)
        }
    }

    @Test("a code expires after 10 minutes")
    func codeExpires() async throws {
        try await EmulatorHarness.with { h in
            let code = try await h.approvedCode()
            await h.emulator.advanceClock(by: 601)
            let reply = try await h.token([
                ("grant_type", "authorization_code"), ("code", code),
                ("redirect_uri", h.config.redirectURIs[0]),
            ])
            #expect(reply.status == 400 && reply.json["error"] as? String == "invalid_request")
        }
    }

    @Test("refresh rotates; the old token works within the grace; reuse after it revokes the family")
    func rotationGraceAndFamilyRevocation() async throws {
        try await EmulatorHarness.with({ $0.refreshGrace = 60 }) { h in
            let first = try await h.exchange(try await h.approvedCode())
            let old = first.refreshToken.reveal()
            let second = try await h.token([("grant_type", "refresh_token"), ("refresh_token", old)])
            #expect(second.status == 200)
            let newest = try #require(second.json["refresh_token"] as? String)
            let newestAccess = try #require(second.json["access_token"] as? String)
            #expect(newest != old)

            await h.emulator.advanceClock(by: 59)
            let inGrace = try await h.token([("grant_type", "refresh_token"), ("refresh_token", old)])
            #expect(inGrace.status == 200)

            await h.emulator.advanceClock(by: 2)
            let reused = try await h.token([("grant_type", "refresh_token"), ("refresh_token", old)])
            #expect(reused.status == 400)
            #expect(reused.json["error_description"] as? String == "Invalid refresh_token: \(old).")
            let afterRevocation = try await h.token([("grant_type", "refresh_token"), ("refresh_token", newest)])
            #expect(afterRevocation.status == 400)
            #expect(try await h.get("/v2.0/user", token: newestAccess).status == 401)
            let counters = await h.emulator.counters()
            #expect(counters.refreshes == 2 && counters.reuseDetections == 1 && counters.familyRevocations == 1)
        }
    }

    @Test("without family revocation, a reuse after the grace is refused and the newest pair lives on")
    func documentedReuseOnlyRefuses() async throws {
        try await EmulatorHarness.with({ $0.revokeFamilyOnReuse = false }) { h in
            let old = try await h.exchange(try await h.approvedCode()).refreshToken.reveal()
            let second = try await h.token([("grant_type", "refresh_token"), ("refresh_token", old)])
            let newest = try #require(second.json["refresh_token"] as? String)
            await h.emulator.advanceClock(by: 61)
            let reused = try await h.token([("grant_type", "refresh_token"), ("refresh_token", old)])
            #expect(reused.status == 400)
            #expect(try await h.token([("grant_type", "refresh_token"), ("refresh_token", newest)]).status == 200)
            let counters = await h.emulator.counters()
            #expect(counters.reuseDetections == 1 && counters.familyRevocations == 0)
        }
    }

    @Test("an access token dies after its configured lifetime while expires_in reports it")
    func accessTokenLifetime() async throws {
        try await EmulatorHarness.with({ $0.accessTokenLifetime = 60 }) { h in
            let tokens = try await h.exchange(try await h.approvedCode())
            #expect(tokens.expiresIn == 60)
            #expect(try await h.get("/v2.0/user", token: tokens.accessToken.reveal()).status == 200)
            await h.emulator.advanceClock(by: 61)
            #expect(try await h.get("/v2.0/user", token: tokens.accessToken.reveal()).status == 401)
        }
    }

    @Test("client credentials in the form body or the query string work; a wrong secret gets 401 invalid_client")
    func clientAuthentication() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            let refresh = seeded.tokens.refreshToken.reveal()
            let form = FormEncoding.encode([
                ("grant_type", "refresh_token"), ("refresh_token", refresh),
                ("client_id", h.config.clientId), ("client_secret", h.config.clientSecret),
            ])
            let viaForm = try await h.request("POST", "/oauth/token", body: Data(form.utf8))
            #expect(viaForm.status == 200)
            let query = FormEncoding.encode([
                ("client_id", h.config.clientId), ("client_secret", h.config.clientSecret),
            ])
            let viaQuery = try await h.request(
                "POST", "/oauth/token?\(query)",
                body: Data("grant_type=refresh_token&refresh_token=\(refresh)".utf8))
            #expect(viaQuery.status == 200)
            let wrong = try await h.token(
                [("grant_type", "refresh_token"), ("refresh_token", refresh)], secret: "nope")
            #expect(wrong.status == 401 && wrong.json["error"] as? String == "invalid_client")
            #expect(wrong.json["error_description"] is String)
            let missing = try await h.request("POST", "/oauth/token", body: Data("grant_type=refresh_token".utf8))
            #expect(missing.status == 401)
        }
    }

    @Test("unknown refresh tokens and grant types get the exact OAuth bodies")
    func badGrants() async throws {
        try await EmulatorHarness.with { h in
            let unknown = try await h.token([("grant_type", "refresh_token"), ("refresh_token", "nope")])
            #expect(unknown.status == 400)
            #expect(unknown.json["error"] as? String == "invalid_request")
            #expect(unknown.json["error_description"] as? String == "Invalid refresh_token: nope.")
            let grant = try await h.token([("grant_type", "password")])
            #expect(grant.status == 400 && grant.json["error"] as? String == "unsupported_grant_type")
            #expect(grant.header("Content-Type")?.hasPrefix("application/json") == true)
        }
    }
}
