import CarportApp
import CarportCallback
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// `CARPORT_CALLBACK_PAGE=hosted`: the redirect URI is the team's callback page, even one served
/// over loopback `http` (the demo's), so no catcher starts; the text the page copies is the way in,
/// checked like any other.
@Suite struct ConnectSessionHostedPageTests {
    @Test func aHostedPageOnLoopbackStartsNoCatcherAndTakesTheCopiedText() async throws {
        let port = try FreePort.next()
        let settings = ConnectSession.Settings(
            request: ConnectRequest(clientId: "cid", mode: .test),
            connectOrigin: URL(string: "https://connect.example")!,
            redirectURI: URL(string: "http://127.0.0.1:\(port)/callback-page")!,
            purpose: .newConnection(customer: "H"), hostedPage: true)
        let session = ConnectSession(settings: settings, random: SystemRandom()) { _, _ in
            throw CarportError(.internal, "nothing is linked in this test")
        }
        let addresses = try await session.start()
        #expect(addresses.hostedPage && addresses.port == nil && addresses.shortURL == nil)
        #expect(LoopbackPort.bindError(port, ipv6: false) == nil, "something listens on the page's port")
        let items = URLComponents(url: addresses.connectURL, resolvingAgainstBaseURL: false)?.queryItems ?? []
        let state = try #require(items.first { $0.name == "state" }?.value)

        guard case .rejected = await session.paste("code=c-1&state=not-this-one") else {
            Issue.record("a wrong state was taken")
            return
        }
        #expect(await session.paste("code=c-1&state=\(state)") == .accepted(.code("c-1")))
        await session.cancel()
    }
}
