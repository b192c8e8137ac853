import CarportCore
import Crypto
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

/// The Connect pages as a browser gets them: one inline stylesheet that their
/// Content-Security-Policy allows by hash, forms that may reach only the emulator and the app's
/// redirect URI, a phone viewport. The browser test (scripts/browser-test) loads them in Chromium.
@Suite("Connect pages")
struct ConnectPagesTests {
    @Test("every page's policy allows exactly its own stylesheet, and forms reach only here and the redirect URI")
    func contentSecurityPolicy() async throws {
        try await EmulatorHarness.with { h in
            let preamble = try await h.get("\(SmartcarPaths.authorize)?\(h.authorizeQuery())")
            let session = try #require(ConnectTests.session(in: preamble.text))
            let brands = try await h.get("/connect/brands?session=\(session)")
            let login = try await h.get("/connect/login?session=\(session)&make=TESLA")
            let form = FormEncoding.encode([("session", session), ("username", "a@b.c"), ("password", "p")])
            let grant = try await h.request("POST", "/connect/login", body: Data(form.utf8))
            let expired = try await h.get("/connect/brands?session=unknown")
            let redirect = URLComponents(string: h.config.redirectURIs[0])!
            let redirectOrigin = "\(redirect.scheme!)://\(redirect.host!)" + (redirect.port.map { ":\($0)" } ?? "")
            for page in [preamble, brands, login, grant, expired] {
                let policy = try #require(page.header("Content-Security-Policy"))
                #expect(policy.hasPrefix("default-src 'none'; style-src 'sha256-\(try Self.styleHash(page.text))'; "))
                #expect(!policy.contains("unsafe-inline") && policy.contains("frame-ancestors 'none'"))
                #expect(page.text.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
                #expect(!page.text.contains("<script") && !page.text.contains("src=") && !page.text.contains("href="))
            }
            for page in [login, grant] {
                #expect(
                    page.header("Content-Security-Policy")?.contains("form-action 'self' \(redirectOrigin);") == true)
            }
            #expect(preamble.header("Content-Security-Policy")?.contains("form-action 'self';") == true)
        }
    }

    @Test("the grant page names each permission in words and keeps its name for tests")
    func permissionsInWords() async throws {
        try await EmulatorHarness.with { h in
            let preamble = try await h.get(
                "\(SmartcarPaths.authorize)?\(h.authorizeQuery([("scope", "read_vin control_security read_engine_oil")]))"
            )
            let session = try #require(ConnectTests.session(in: preamble.text))
            let form = FormEncoding.encode([("session", session), ("username", "a@b.c")])
            let grant = try await h.request("POST", "/connect/login", body: Data(form.utf8)).text
            #expect(grant.contains(#"data-permission="read_vin">See your VIN</li>"#))
            #expect(grant.contains(#"data-permission="control_security">Control your security</li>"#))
            #expect(grant.contains(#"data-permission="read_engine_oil">See your engine oil</li>"#))
        }
    }

    /// The base64 SHA-256 of the page's one `<style>` element, as CSP names it.
    static func styleHash(_ html: String) throws -> String {
        let parts = html.components(separatedBy: "<style>")
        #expect(parts.count == 2, "one stylesheet per page")
        let css = try #require(parts.last?.components(separatedBy: "</style>").first)
        return Data(SHA256.hash(data: Data(css.utf8))).base64EncodedString()
    }
}
