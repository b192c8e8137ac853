import CarportCore
import Crypto
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

/// The hosted callback page (contrib/callback-page/index.html): one static file whose own
/// Content-Security-Policy allows exactly its inline style and script, served by the emulator
/// byte for byte and accepted as a redirect URI of the app. The browser test (scripts/browser-test)
/// renders it in Chromium.
@Suite struct HostedCallbackPageTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contrib/callback-page/index.html")

    static func inline(_ tag: String, in html: String) throws -> String {
        let parts = html.components(separatedBy: "<\(tag)>")
        #expect(parts.count == 2, "one <\(tag)> in the page")
        return try #require(parts.last?.components(separatedBy: "</\(tag)>").first)
    }

    static func hash(_ text: String) -> String {
        "'sha256-\(Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString())'"
    }

    static func metaPolicy(_ html: String) throws -> String {
        let marker = #"<meta http-equiv="Content-Security-Policy" content=""#
        let rest = try #require(html.components(separatedBy: marker).last)
        return try #require(rest.components(separatedBy: "\"").first)
    }

    @Test func itsPolicyAllowsExactlyItsOwnStyleAndScript() throws {
        let html = try String(contentsOf: Self.file, encoding: .utf8)
        let policy = try Self.metaPolicy(html)
        #expect(policy.hasPrefix("default-src 'none'; "), "\(policy)")
        #expect(
            policy.contains("script-src \(Self.hash(try Self.inline("script", in: html)));"),
            "stale hash: scripts/callback-page")
        #expect(
            policy.contains("style-src \(Self.hash(try Self.inline("style", in: html)));"),
            "stale hash: scripts/callback-page")
        #expect(!policy.contains("unsafe-") && policy.contains("form-action 'none'"))
        for external in ["src=", "href=", "http://", "https://", "<form", "<img", "<link"] {
            #expect(!html.contains(external), "the page must load nothing from elsewhere: \(external)")
        }
        #expect(html.contains(#"<meta name="referrer" content="no-referrer">"#))
        #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
    }

    @Test func theEmulatorServesItByteForByteWithItsPolicyAsAHeader() async throws {
        try await EmulatorHarness.with { h in
            let reply = try await h.get("/callback-page?code=c-1&state=s-1")
            #expect(reply.status == 200)
            #expect(
                reply.body == (try Data(contentsOf: Self.file)), "the emulator's copy is stale: scripts/callback-page")
            let policy = try Self.metaPolicy(reply.text)
            #expect(reply.header("Content-Security-Policy") == policy + "; frame-ancestors 'none'")
            #expect(reply.header("Referrer-Policy") == "no-referrer" && reply.header("Cache-Control") == "no-store")
        }
    }

    @Test func connectMayEndOnTheEmulatorsOwnPageOnly() async throws {
        try await EmulatorHarness.with { h in
            let page = h.emulator.hostedCallbackPage.absoluteString
            let approve = [("emulator_auto", "approve")]
            var query = h.authorizeQuery(approve).replacingOccurrences(
                of: FormEncoding.encode([("redirect_uri", h.config.redirectURIs[0])]),
                with: FormEncoding.encode([("redirect_uri", page)]))
            let landed = try await h.get("\(SmartcarPaths.authorize)?\(query)")
            #expect(landed.status == 302 && landed.header("Location")?.hasPrefix(page + "?code=") == true)
            query = query.replacingOccurrences(of: "127.0.0.1", with: "evil.example")
            #expect(try await h.get("\(SmartcarPaths.authorize)?\(query)").status == 400)
        }
    }
}
