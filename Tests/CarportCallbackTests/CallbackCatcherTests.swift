import CarportCallback
import CarportCore
import CarportTestSupport
import FlyingSocks
import Foundation
import Testing

/// Counts the queries the catcher hands over; answers with a fixed decision.
actor CallbackRecorder {
    private(set) var queries: [String] = []
    let decision: ConnectFlow.Decision
    init(_ decision: ConnectFlow.Decision = .rejected(ConnectFlow.Rejection("test"))) { self.decision = decision }
    func record(_ query: String) -> ConnectFlow.Decision {
        queries.append(query)
        return decision
    }
}

func startCatcher(
    _ recorder: CallbackRecorder, path: String = "/callback", port: UInt16 = 0,
    headDeadline: Duration = .seconds(30), maximumConnections: Int = 16,
    shortLink: ShortLink? = ShortLink(
        target: URL(string: "https://connect.example/oauth/authorize?x=1")!, random: SystemRandom())
) async throws
    -> CallbackCatcher
{
    let catcher = CallbackCatcher(
        settings: .init(
            port: port, callbackPath: path, headDeadline: headDeadline,
            maximumConnections: maximumConnections),
        onCallback: { await recorder.record($0) })
    try await catcher.serve(shortLink: shortLink)
    return catcher
}

/// Serialized: many catchers, emulators and sockets at once only add scheduling noise on 2 cores.
@Suite(.serialized) struct CallbackCatcherTests {
    @Test func listensOnBothLoopbackAddresses() async throws {
        let recorder = CallbackRecorder()
        let catcher = try await startCatcher(recorder)
        let port = await catcher.port
        #expect(await catcher.listensOnIPv6)
        let v4 = try await RawHTTP.get("/callback?state=a", port: port)
        let v6 = try await RawHTTP.get("/callback?state=b", port: port, host: "[::1]:\(port)", family: .ip6)
        #expect(RawHTTP.status(v4) == 400)
        #expect(RawHTTP.status(v6) == 400)
        #expect(await recorder.queries == ["state=a", "state=b"])
        await catcher.stop()
    }

    @Test func pagesForbidCachingAndReferrersAndEscapeInput() async throws {
        let recorder = CallbackRecorder(.rejected(ConnectFlow.Rejection("<script>alert(1)</script>")))
        let catcher = try await startCatcher(recorder)
        let response = try await RawHTTP.get("/callback?state=x", port: await catcher.port)
        #expect(response.contains("Cache-Control: no-store\r\n"))
        #expect(response.contains("Referrer-Policy: no-referrer\r\n"))
        #expect(response.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!response.contains("<script>"))
        #expect(!response.contains("src=") && !response.contains("href="))
        await catcher.stop()
    }

    @Test func shortURLRedirectsToConnect() async throws {
        let link = ShortLink(
            target: URL(string: "https://connect.example/oauth/authorize?x=1")!, random: SystemRandom())
        let catcher = try await startCatcher(CallbackRecorder(), shortLink: link)
        let response = try await RawHTTP.get(link.path, port: await catcher.port)
        #expect(RawHTTP.status(response) == 302)
        #expect(response.contains("Location: https://connect.example/oauth/authorize?x=1\r\n"))
        await catcher.stop()
    }

    @Test("the short URL's path is secret: / and every other path answer 404 with no hint of it")
    func onlyTheSecretShortPathRedirects() async throws {
        let link = ShortLink(
            target: URL(string: "https://connect.example/oauth/authorize?state=S")!, random: SystemRandom())
        #expect(link.path.hasPrefix("/c/") && link.path.count == 3 + 32) // 128 random bits
        let catcher = try await startCatcher(CallbackRecorder(), shortLink: link)
        let port = await catcher.port
        let wrongLast = String(link.path.dropLast()) + (link.path.hasSuffix("0") ? "1" : "0")
        for path in ["/", "/c/", "/c", wrongLast, link.path + "x", link.path.uppercased(), "/callback/../"] {
            let response = try await RawHTTP.get(path, port: port)
            #expect(RawHTTP.status(response) == 404, "\(path)")
            #expect(!response.contains("Location") && !response.contains("state=S") && !response.contains("/c/"))
        }
        await catcher.stop()
    }

    @Test(arguments: ["evil.example:PORT", "localhost:1", "localhost", ""])
    func refusesOtherHosts(_ host: String) async throws {
        let recorder = CallbackRecorder()
        let catcher = try await startCatcher(recorder)
        let port = await catcher.port
        let response = try await RawHTTP.get(
            "/callback?state=s&code=c", port: port,
            host: host.replacingOccurrences(of: "PORT", with: "\(port)"))
        #expect(RawHTTP.status(response) == 403)
        #expect(await recorder.queries.isEmpty)
        await catcher.stop()
    }

    @Test func refusesTwoHostHeaders() async throws {
        let recorder = CallbackRecorder()
        let catcher = try await startCatcher(recorder)
        let port = await catcher.port
        let response = try await RawHTTP.exchange(
            "GET /callback?state=s HTTP/1.1\r\nHost: localhost:\(port)\r\nHost: evil.example\r\n\r\n", port: port)
        #expect(RawHTTP.status(response) == 403)
        #expect(await recorder.queries.isEmpty)
        await catcher.stop()
    }

    @Test func busyPortIsAClearError() async throws {
        let first = try await startCatcher(CallbackRecorder())
        let port = await first.port
        let second = CallbackCatcher(
            settings: .init(port: port, callbackPath: "/callback"),
            onCallback: { _ in
                .rejected(ConnectFlow.Rejection("unused"))
            })
        await #expect {
            try await second.bind()
        } throws: { error in
            guard let error = error as? CarportError else { return false }
            return error.kind == .usage && error.message.contains("Port \(port) is already in use")
                && error.message.contains("--port")
        }
        await first.stop()
    }

    @Test func aProgramStartedMeanwhileDoesNotKeepThePort() async throws {
        let catcher = try await startCatcher(CallbackRecorder(), port: try FreePort.next())
        let port = await catcher.port
        // Like the browser that `carport connect` may start while it waits.
        let child = try ChildProcess.spawn("sleep", ["30"], environment: ["PATH": "/usr/bin:/bin"])
        defer { child.terminate() }
        #expect(Listeners.held(on: port))
        await catcher.stop()
        #expect(!Listeners.held(on: port, by: [getpid(), child.pid]))
    }

    @Test func stopLeavesNoListener() async throws {
        let catcher = try await startCatcher(CallbackRecorder(), port: try FreePort.next())
        let port = await catcher.port
        #expect(Listeners.held(on: port))
        await catcher.stop()
        #expect(!Listeners.held(on: port))
        // The port is free again: a new catcher can take it.
        let again = CallbackCatcher(
            settings: .init(port: port, callbackPath: "/cb"),
            onCallback: { _ in
                .rejected(ConnectFlow.Rejection("unused"))
            })
        #expect(try await again.bind() == port)
        await again.stop()
    }
}
