import CarportCallback
import CarportCore
import CarportTestSupport
import Foundation
import Testing

@Suite struct ConnectSessionTests {
    @Test func browserRedirectLinksTheConnection() async throws {
        let harness = try SessionHarness()
        let addresses = try await harness.session.start()
        let port = try #require(addresses.port)
        #expect(addresses.redirectURI == "http://localhost:\(port)/callback")
        #expect(addresses.shortURL?.absoluteString == "http://localhost:\(port)/")
        let state = SessionHarness.state(of: addresses)
        #expect(state.count == 43) // 256 bits, base64url

        let short = try await RawHTTP.get("/", port: port)
        #expect(short.contains("Location: \(addresses.connectURL.absoluteString)\r\n"))

        let page = try await RawHTTP.get("/callback?code=the-code&state=\(state)", port: port)
        #expect(RawHTTP.status(page) == 200)
        #expect(page.contains("You can close this tab"))

        let linked = try await harness.session.outcome().get()
        #expect(linked.connection.customer == "ACME fleet")
        #expect(linked.connection.smartcarUserId == SessionHarness.userId)
        #expect(linked.vehicles.map(\.vin) == ["5YJ3E1EA7MF000001"])
        #expect(await harness.store.connections().map(\.id) == [linked.connection.id])
        #expect(await harness.store.auditLog(since: nil, limit: nil).map(\.action) == ["connect"])
        let form = await harness.exchangeForm()
        #expect(form["code"] == "the-code")
        #expect(form["redirect_uri"] == addresses.redirectURI)
        await #expect(throws: (any Error).self) { _ = try await RawHTTP.connect(port: port) }
    }

    @Test func wrongStateIsRefusedAndTheSessionKeepsWaiting() async throws {
        let harness = try SessionHarness()
        let addresses = try await harness.session.start()
        let port = try #require(addresses.port)
        let state = SessionHarness.state(of: addresses)

        let wrong = try await RawHTTP.get("/callback?code=stolen&state=guess", port: port)
        #expect(RawHTTP.status(wrong) == 400)
        #expect(wrong.contains("does not match"))
        let missing = try await RawHTTP.get("/callback?code=stolen", port: port)
        #expect(RawHTTP.status(missing) == 400)
        #expect(await harness.transport.requests.isEmpty)

        let right = try await RawHTTP.get("/callback?code=good&state=\(state)", port: port)
        #expect(RawHTTP.status(right) == 200)
        _ = try await harness.session.outcome().get()
        #expect(await harness.exchangeForm()["code"] == "good")
    }

    @Test(arguments: [
        "code=a&code=b&state=STATE",
        "code=a&state=STATE&state=STATE",
        "code=a%0D%0ASet-Cookie:%20x&state=STATE",
        "code=a%0Ab&state=STATE",
        "state=STATE",
        "code=&state=STATE",
        "code=a%20b&state=STATE",
        "code=\(String(repeating: "x", count: 5000))&state=STATE",
    ])
    func malformedCallbackWithTheRightStateCausesNoExchange(_ query: String) async throws {
        let harness = try SessionHarness()
        let addresses = try await harness.session.start()
        let port = try #require(addresses.port)
        let state = SessionHarness.state(of: addresses)
        let response = try await RawHTTP.get("/callback?\(query.replacingOccurrences(of: "STATE", with: state))", port: port)
        #expect(RawHTTP.status(response) == 400 || RawHTTP.status(response) == 431)
        #expect(await harness.transport.requests.isEmpty)
        // Still waiting: a valid callback afterwards links.
        let right = try await RawHTTP.get("/callback?code=good&state=\(state)", port: port)
        #expect(RawHTTP.status(right) == 200)
        _ = try await harness.session.outcome().get()
    }

    @Test func connectErrorRedirectEndsTheSessionAndStoresNothing() async throws {
        let harness = try SessionHarness()
        let addresses = try await harness.session.start()
        let port = try #require(addresses.port)
        let state = SessionHarness.state(of: addresses)
        let page = try await RawHTTP.get(
            "/callback?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state=\(state)", port: port)
        #expect(page.contains("access_denied"))
        #expect(page.contains("&lt;b&gt;no&lt;/b&gt;"))
        guard case .failure(let error) = await harness.session.outcome() else {
            Issue.record("expected the session to fail")
            return
        }
        #expect(error.kind == .connect)
        #expect(await harness.transport.requests.isEmpty)
        #expect(await harness.store.connections().isEmpty)
        await #expect(throws: (any Error).self) { _ = try await RawHTTP.connect(port: port) }
    }

    @Test func replayedCallbackIsRefusedAndExchangedOnce() async throws {
        let gate = Gate()
        let completions = Counter()
        let harness = try SessionHarness(complete: { grant, _ in
            await completions.increment()
            await gate.wait()
            throw CarportError(.internal, "stop here")
        })
        let addresses = try await harness.session.start()
        let port = try #require(addresses.port)
        let target = "/callback?code=c1&state=\(SessionHarness.state(of: addresses))"
        #expect(RawHTTP.status(try await RawHTTP.get(target, port: port)) == 200)
        let replay = try await RawHTTP.get(target, port: port)
        #expect(RawHTTP.status(replay) == 400)
        #expect(replay.contains("already received"))
        #expect(await harness.session.paste("http://localhost:\(port)\(target)") != nil)
        await gate.open()
        _ = await harness.session.outcome()
        #expect(await completions.value == 1)
    }

    @Test func pastedRedirectURLLinks() async throws {
        let harness = try SessionHarness()
        let addresses = try await harness.session.start()
        let state = SessionHarness.state(of: addresses)
        #expect(await harness.session.paste("no query here") == nil)
        let wrong = await harness.session.paste("?code=x&state=nope")
        #expect(wrong == .rejected(ConnectFlow.Rejection("The callback's `state` does not match this Connect session.")))
        let pasted = await harness.session.paste("  https://laptop.example/callback?code=pasted&state=\(state)\n")
        #expect(pasted == .accepted(.code("pasted")))
        _ = try await harness.session.outcome().get()
        #expect(await harness.exchangeForm()["code"] == "pasted")
    }

    @Test func pastedQueryStringAloneIsAccepted() async throws {
        let harness = try SessionHarness()
        let state = SessionHarness.state(of: try await harness.session.start())
        #expect(await harness.session.paste("code=q&state=\(state)") == .accepted(.code("q")))
        _ = try await harness.session.outcome().get()
    }

    @Test func timedOutSessionLeavesNothingBehind() async throws {
        let harness = try SessionHarness(timeout: .milliseconds(200))
        let addresses = try await harness.session.start()
        let port = try #require(addresses.port)
        let outcome = await harness.session.outcome()
        guard case .failure(let error) = outcome else { Issue.record("expected a timeout"); return }
        #expect(error.message.contains("No callback arrived"))
        await #expect(throws: (any Error).self) { _ = try await RawHTTP.connect(port: port) }
        await #expect(throws: (any Error).self) { _ = try await RawHTTP.connect(port: port, family: .ip6) }
        #expect(await harness.store.connections().isEmpty)
        #expect(await harness.transport.requests.isEmpty)
        #expect(await harness.session.paste("code=late&state=\(SessionHarness.state(of: addresses))")
            == .rejected(ConnectFlow.Rejection("This Connect session has ended; start a new one with `carport connect`.")))
    }

    @Test func eventsTellTheStory() async throws {
        let harness = try SessionHarness()
        let addresses = try await harness.session.start()
        let port = try #require(addresses.port)
        _ = try await RawHTTP.get("/callback?code=x&state=bad", port: port)
        _ = try await RawHTTP.get("/callback?code=x&state=\(SessionHarness.state(of: addresses))", port: port)
        var names: [String] = []
        for await event in harness.session.events {
            switch event {
            case .ready: names.append("ready")
            case .rejected(let source, _): names.append("rejected:\(source)")
            case .accepted(let source): names.append("accepted:\(source)")
            case .linked: names.append("linked")
            case .failed(let error): names.append("failed:\(error.message)")
            }
        }
        #expect(names == ["ready", "rejected:browser", "accepted:browser", "linked"])
    }
}

actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}
