import CarportCallback
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// The redirect URI as written is where the browser comes back, and a pasted address must be it.
@Suite(.serialized) struct ConnectSessionAddressTests {
    @Test(
        "a redirect URI with a trailing slash or percent-encoding catches the browser's callback",
        arguments: ["/callback/", "/call%20back", "/r%C3%BCckruf/"])
    func redirectPathsAreComparedAsWritten(path: String) async throws {
        try await SessionHarness.with(callbackPath: path) { harness in
            let addresses = try await harness.session.start()
            #expect(addresses.redirectURI.hasSuffix(path))
            let page = try await harness.follow(try await harness.connectRedirect(addresses))
            #expect(RawHTTP.status(page) == 200, "\(page.prefix(200))")
            _ = try await harness.session.outcome().get()
        }
    }

    @Test("a pasted URL whose scheme, host, port or path differ from the redirect URI is refused")
    func pastedURLMustBeTheRedirectURI() async throws {
        try await SessionHarness.with { harness in
            let addresses = try await harness.session.start()
            let location = try await harness.connectRedirect(addresses)
            let query = try #require(location.query)
            let port = harness.port
            for wrong in [
                "https://localhost:\(port)/callback", "http://evil.example:\(port)/callback",
                "http://localhost:\(port &+ 1)/callback", "http://localhost:\(port)/elsewhere",
                "http://127.0.0.2:\(port)/callback",
            ] {
                guard case .rejected(let rejection) = await harness.session.paste("\(wrong)?\(query)") else {
                    Issue.record("\(wrong) was not refused")
                    continue
                }
                #expect(rejection.reason.contains("not this session's redirect URI"))
            }
            #expect(await harness.exchanges() == 0)
            guard case .accepted = await harness.session.paste(location.absoluteString) else {
                Issue.record("the real redirect URL was refused")
                return
            }
            _ = try await harness.session.outcome().get()
        }
    }
}
