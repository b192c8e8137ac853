import CarportCallback
import CarportCore
import Foundation
import SmartcarEmulator
import Testing

/// Whole Connect sessions against the emulator over HTTP, with a real SQLite store.
/// Serialized: many catchers, emulators and sockets at once only add scheduling noise on 2 cores.
@Suite(.serialized) struct ConnectSessionTests {
    @Test func browserRedirectLinksTheConnection() async throws {
        try await SessionHarness.with { harness in
            let addresses = try await harness.session.start()
            #expect(addresses.port == harness.port)
            #expect(addresses.redirectURI == "http://localhost:\(harness.port)/callback")
            let short = try #require(addresses.shortURL)
            #expect(short.absoluteString.hasPrefix("http://localhost:\(harness.port)/c/"))
            #expect(SessionHarness.state(of: addresses).count == 43) // 256 bits, base64url

            let redirect = try await RawHTTP.get(short.path, port: harness.port)
            #expect(redirect.contains("Location: \(addresses.connectURL.absoluteString)\r\n"))
            #expect(RawHTTP.status(try await RawHTTP.get("/", port: harness.port)) == 404)

            let page = try await harness.follow(try await harness.connectRedirect(addresses))
            #expect(RawHTTP.status(page) == 200)
            #expect(page.contains("You can close this page"))

            let linked = try await harness.session.outcome().get()
            #expect(linked.connection.customer == "ACME fleet")
            #expect(!linked.vehicles.isEmpty)
            #expect(linked.vehicles.allSatisfy { $0.vin?.count == 17 })
            #expect(linked.connection.scopes == ["read_vehicle_info", "read_vin"])
            #expect(try await harness.store.connections().map(\.id) == [linked.connection.id])
            #expect(try await harness.store.vehicles().map(\.id).sorted() == linked.vehicles.map(\.id).sorted())
            #expect(try await harness.store.auditLog(since: nil, limit: nil).map(\.action) == ["connect"])
            #expect(await harness.exchanges() == 1)
            #expect(!Listeners.held(on: harness.port))
        }
    }

    @Test func withoutReadVinTheVINIsNotFetched() async throws {
        try await SessionHarness.with(scopes: ["read_vehicle_info"]) { harness in
            let addresses = try await harness.session.start()
            _ = try await harness.follow(try await harness.connectRedirect(addresses))
            let linked = try await harness.session.outcome().get()
            #expect(!linked.vehicles.isEmpty)
            #expect(linked.vehicles.allSatisfy { $0.vin == nil })
        }
    }

    @Test func aVehicleLinkedAgainMovesToTheNewConnection() async throws {
        try await SessionHarness.with { first in
            _ = try await first.follow(try await first.connectRedirect(try await first.session.start()))
            let old = try await first.session.outcome().get()
            // A second session against the same emulator and store: same customer account, so the same vehicles.
            let second = try await first.again()
            _ = try await second.follow(try await second.connectRedirect(try await second.session.start()))
            let new = try await second.session.outcome().get()
            #expect(Set(new.moves.map(\.vehicleId)) == Set(old.vehicles.map(\.id)))
            #expect(
                new.moves.allSatisfy { $0.fromConnectionId == old.connection.id && $0.fromCustomer == "ACME fleet" })
        }
    }

    @Test func failedExchangeStoresNothingButTheAudit() async throws {
        try await SessionHarness.with { harness in
            await harness.emulator.inject(
                .tokenError(status: 400, error: "invalid_request", description: "Invalid code: x."))
            let page = try await harness.follow(try await harness.connectRedirect(try await harness.session.start()))
            #expect(RawHTTP.status(page) == 200)
            guard case .failure(let error) = await harness.session.outcome() else {
                Issue.record("expected the link to fail")
                return
            }
            #expect(error.message.contains("start a new Connect session"))
            #expect(try await harness.store.connections().isEmpty)
            let audit = try await harness.store.auditLog(since: nil, limit: nil)
            #expect(audit.map(\.action) == ["connect"])
            #expect(audit.first?.outcome != "ok")
        }
    }

    @Test func wrongStateIsRefusedAndTheSessionKeepsWaiting() async throws {
        try await SessionHarness.with { harness in
            let addresses = try await harness.session.start()
            let location = try await harness.connectRedirect(addresses)
            let state = SessionHarness.state(of: addresses)
            let forged = location.absoluteString.replacingOccurrences(of: "state=\(state)", with: "state=guess")
            let wrong = try await harness.follow(URL(string: forged)!)
            #expect(RawHTTP.status(wrong) == 400)
            #expect(wrong.contains("does not match"))
            let missing = location.absoluteString.replacingOccurrences(of: "&state=\(state)", with: "")
            #expect(RawHTTP.status(try await harness.follow(URL(string: missing)!)) == 400)
            #expect(await harness.exchanges() == 0)

            #expect(RawHTTP.status(try await harness.follow(location)) == 200)
            _ = try await harness.session.outcome().get()
            #expect(await harness.exchanges() == 1)
        }
    }

    @Test(arguments: [
        "code=a&code=b&state=STATE",
        "code=a&state=STATE&state=STATE",
        "code=a%0D%0ASet-Cookie:%20x&state=STATE",
        "code=a%0Ab&state=STATE",
        "code=a&error_description=%C2%9B2J&state=STATE",
        "state=STATE",
        "code=&state=STATE",
        "code=a%20b&state=STATE",
        "code=\(String(repeating: "x", count: 5000))&state=STATE",
    ])
    func malformedCallbackWithTheRightStateCausesNoExchange(_ query: String) async throws {
        try await SessionHarness.with { harness in
            let addresses = try await harness.session.start()
            let state = SessionHarness.state(of: addresses)
            let response = try await RawHTTP.get(
                "/callback?\(query.replacingOccurrences(of: "STATE", with: state))",
                port: harness.port)
            #expect(RawHTTP.status(response) == 400)
            #expect(await harness.exchanges() == 0)
            // Still waiting: the real redirect afterwards links.
            #expect(RawHTTP.status(try await harness.follow(try await harness.connectRedirect(addresses))) == 200)
            _ = try await harness.session.outcome().get()
        }
    }

    @Test func replayedCallbackIsRefusedAndExchangedOnce() async throws {
        let gate = Gate()
        let completions = Counter()
        try await SessionHarness.with(complete: { _, _ in
            await completions.increment()
            await gate.wait()
            throw CarportError(.internal, "stopped by the test")
        }) { harness in
            let addresses = try await harness.session.start()
            let location = try await harness.connectRedirect(addresses)
            #expect(RawHTTP.status(try await harness.follow(location)) == 200)
            let replay = try await harness.follow(location)
            #expect(RawHTTP.status(replay) == 400)
            #expect(replay.contains("already received"))
            guard case .rejected = await harness.session.paste(location.absoluteString) else {
                Issue.record("a pasted replay was not refused")
                return
            }
            await gate.open()
            _ = await harness.session.outcome()
            #expect(await completions.value == 1)
        }
    }

    @Test func pastedRedirectURLLinks() async throws {
        try await SessionHarness.with { harness in
            let addresses = try await harness.session.start()
            let location = try await harness.connectRedirect(addresses)
            #expect(await harness.session.paste("no query here") == nil)
            guard case .rejected = await harness.session.paste("?code=x&state=nope") else {
                Issue.record("a wrong state was not refused")
                return
            }
            let code = try #require(
                URLComponents(url: location, resolvingAgainstBaseURL: false)?
                    .queryItems?.first { $0.name == "code" }?.value)
            #expect(await harness.session.paste("  \(location.absoluteString)\n") == .accepted(.code(code)))
            _ = try await harness.session.outcome().get()
            #expect(await harness.exchanges() == 1)
            #expect(try await harness.store.connections().count == 1)
        }
    }

    @Test func pastedQueryStringAloneIsAccepted() async throws {
        try await SessionHarness.with { harness in
            let location = try await harness.connectRedirect(try await harness.session.start())
            guard case .accepted = await harness.session.paste(location.query ?? "") else {
                Issue.record("the query string was not accepted")
                return
            }
            _ = try await harness.session.outcome().get()
        }
    }

    @Test(arguments: [
        "access_denied", "deny", "invalid_subscription", "no_vehicles", "vehicle_incompatible",
        "configuration_error", "server_error", "user_cancelled", "user_manually_returned_to_application",
    ])
    func connectErrorEndsTheSessionAndStoresNothing(_ auto: String) async throws {
        try await SessionHarness.with { harness in
            let addresses = try await harness.session.start()
            let page = try await harness.follow(try await harness.connectRedirect(addresses, auto: auto))
            let name = auto == "deny" ? "access_denied" : auto
            #expect(RawHTTP.status(page) == 200)
            #expect(page.contains(name))
            guard case .failure(let error) = await harness.session.outcome() else {
                Issue.record("expected the session to fail")
                return
            }
            #expect(error.kind == .connect)
            #expect(error.message.contains("Smartcar Connect error \(name)"))
            #expect(await harness.exchanges() == 0)
            #expect(try await harness.store.connections().isEmpty)
            #expect(!Listeners.held(on: harness.port))
        }
    }

    @Test func timedOutSessionLeavesNothingBehind() async throws {
        try await SessionHarness.with(timeout: .milliseconds(300)) { harness in
            let addresses = try await harness.session.start()
            let location = try await harness.connectRedirect(addresses)
            guard case .failure(let error) = await harness.session.outcome() else {
                Issue.record("expected a timeout")
                return
            }
            #expect(error.message.contains("No callback arrived"))
            #expect(!Listeners.held(on: harness.port))
            guard case .rejected = await harness.session.paste(location.absoluteString) else {
                Issue.record("a late paste was not refused")
                return
            }
            #expect(try await harness.store.connections().isEmpty)
            #expect(try await harness.store.auditLog(since: nil, limit: nil).isEmpty)
            #expect(await harness.exchanges() == 0)
        }
    }

    @Test func aRedirectURIElsewhereLeavesPastingAsTheWayIn() async throws {
        let grants = Counter()
        let session = ConnectSession(
            settings: .init(
                request: ConnectRequest(clientId: "cid"), connectOrigin: URL(string: "http://127.0.0.1:9")!,
                redirectURI: URL(string: "https://example.com/cb")!, purpose: .newConnection(customer: "ACME")),
            random: SystemRandom(),
            complete: { _, redirect in
                await grants.increment()
                #expect(redirect == "https://example.com/cb")
                throw CarportError(.internal, "stopped by the test")
            })
        let addresses = try await session.start()
        #expect(addresses.port == nil && addresses.shortURL == nil)
        #expect(addresses.redirectURI == "https://example.com/cb")
        let state = SessionHarness.state(of: addresses)
        #expect(await session.paste("https://example.com/cb?code=c&state=\(state)") == .accepted(.code("c")))
        _ = await session.outcome()
        #expect(await grants.value == 1)
    }

    @Test func eventsTellTheStory() async throws {
        try await SessionHarness.with { harness in
            let addresses = try await harness.session.start()
            _ = try await RawHTTP.get("/callback?code=x&state=bad", port: harness.port)
            _ = try await harness.follow(try await harness.connectRedirect(addresses))
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
