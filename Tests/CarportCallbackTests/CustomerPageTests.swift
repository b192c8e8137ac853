import CarportCallback
import CarportCore
import Crypto
import Foundation
import Testing

/// The catcher's pages as the customer's browser gets them: plain words for what happened and
/// what to do next, one stylesheet allowed by the Content-Security-Policy's hash, a phone
/// viewport. The browser test (scripts/browser-test) loads them in Chromium.
@Suite(.serialized) struct CustomerPageTests {
    static func failed(_ error: String) -> ConnectFlow.Decision {
        var flow = ConnectFlow(state: "s", purpose: .newConnection(customer: "c"))
        return flow.receive(query: "state=s&error=\(error)&error_description=Said+by+Smartcar")
    }

    static let cases: [(ConnectFlow.Decision, status: Int, title: String, next: String)] = [
        (.accepted(.code("c")), 200, "You&#39;re all set", "You can close this page"),
        (
            .rejected(ConnectFlow.Rejection("again", cause: .alreadyAccepted)), 400, "You&#39;re already done",
            "You can close this page"
        ),
        (.rejected(ConnectFlow.Rejection("over", cause: .ended)), 400, "This link has expired", "for a new link"),
        (.rejected(ConnectFlow.Rejection("wrong")), 400, "This link doesn&#39;t work", "for a new link"),
        (failed("access_denied"), 200, "You chose not to share access", "and choose Allow"),
        (failed("vehicle_incompatible"), 200, "Your vehicle can&#39;t be connected", "what is possible"),
        (failed("no_vehicles"), 200, "No vehicle in your account", "Add your vehicle"),
        (failed("something_new"), 200, "Your vehicle wasn&#39;t connected", "send you a new link"),
    ]

    @Test("each ending says what happened and what to do next", arguments: cases.indices)
    func wording(index: Int) async throws {
        let expected = Self.cases[index]
        let catcher = try await startCatcher(CallbackRecorder(expected.0))
        let page = try await RawHTTP.get("/callback?state=s&code=secret-code", port: await catcher.port)
        await catcher.stop()
        #expect(RawHTTP.status(page) == expected.status)
        #expect(page.contains("<h1>\(expected.title)</h1>"))
        #expect(page.contains(expected.next))
        #expect(!page.contains("secret-code"))
    }

    @Test("the one stylesheet is allowed by its hash, nothing else loads, and phones get their width")
    func contentSecurityPolicy() async throws {
        let catcher = try await startCatcher(CallbackRecorder())
        let port = await catcher.port
        for path in ["/callback?state=s", "/elsewhere"] {
            let response = try await RawHTTP.get(path, port: port)
            let css = try #require(
                response.components(separatedBy: "<style>").last?.components(separatedBy: "</style>").first)
            let hash = Data(SHA256.hash(data: Data(css.utf8))).base64EncodedString()
            #expect(
                response.contains(
                    "Content-Security-Policy: default-src 'none'; style-src 'sha256-\(hash)'; base-uri 'none'; "
                        + "form-action 'none'; frame-ancestors 'none'\r\n"))
            #expect(response.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
        }
        await catcher.stop()
    }
}
