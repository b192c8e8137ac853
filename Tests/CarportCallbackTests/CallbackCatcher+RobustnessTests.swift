import CarportCallback
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// Malformed and hostile requests over raw TCP: the catcher answers or closes, never crashes,
/// never hands such a request to the flow, and keeps serving afterwards.
/// Serialized: many catchers, emulators and sockets at once only add scheduling noise on 2 cores.
@Suite(.serialized) struct CatcherRobustnessTests {
    struct Malformed: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        /// nil: the catcher may close without answering.
        let status: Int?
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ status: Int?) {
            self.init(name, Array(text.utf8), status)
        }

        init(_ name: String, _ bytes: [UInt8], _ status: Int?) {
            self.name = name
            self.bytes = bytes
            self.status = status
        }
    }

    static let host = "Host: localhost:PORT\r\n"
    static let cases: [Malformed] = [
        Malformed("garbage request line", "GARBAGE\r\n\(host)\r\n", 400),
        Malformed("missing version", "GET /callback?state=s&code=c\r\n\(host)\r\n", 400),
        Malformed("target without slash", "GET callback?state=s HTTP/1.1\r\n\(host)\r\n", 400),
        Malformed("absolute-form target", "GET http://localhost/callback?code=c HTTP/1.1\r\n\(host)\r\n", 400),
        Malformed("double space", "GET  /callback HTTP/1.1\r\n\(host)\r\n", 400),
        Malformed("lower-case method", "get /callback?state=s HTTP/1.1\r\n\(host)\r\n", 400),
        Malformed("HTTP/2.0", "GET /callback?state=s HTTP/2.0\r\n\(host)\r\n", 505),
        Malformed("POST", "POST /callback?state=s&code=c HTTP/1.1\r\n\(host)Content-Length: 0\r\n\r\n", 405),
        Malformed(
            "HEAD (a prefetch must not spend the code)", "HEAD /callback?state=s&code=c HTTP/1.1\r\n\(host)\r\n", 405),
        Malformed("bare LF in the head", "GET /callback?state=s HTTP/1.1\n\(host)\r\n", 400),
        Malformed("bare CR inside a header value", "GET /callback?state=s HTTP/1.1\r\n\(host)X: a\rb\r\n\r\n", 400),
        Malformed("obsolete line folding", "GET /callback?state=s HTTP/1.1\r\n\(host)X: a\r\n b\r\n\r\n", 400),
        Malformed("header without colon", "GET /callback?state=s HTTP/1.1\r\n\(host)NoColon\r\n\r\n", 400),
        Malformed(
            "NUL byte", Array("GET /callback?state=s HTTP/1.1\r\n\(host)X: ".utf8) + [0] + Array("\r\n\r\n".utf8), 400),
        Malformed("non-ASCII byte", Array("GET /callback?state=\u{e9} HTTP/1.1\r\n\(host)\r\n".utf8), 400),
        Malformed(
            "huge header",
            "GET /callback?state=s HTTP/1.1\r\n\(host)X: \(String(repeating: "a", count: 20_000))\r\n\r\n", 431),
        Malformed(
            "endless header stream", "GET / HTTP/1.1\r\n" + String(repeating: "X-Filler: 0123456789\r\n", count: 2000),
            431),
        Malformed("unknown path", "GET /other?state=s&code=c HTTP/1.1\r\n\(host)\r\n", 404),
        Malformed("only a blank line", "\r\n\r\n", 400),
        Malformed("closed early", "GET /callback?sta", nil),
    ]

    @Test(arguments: cases)
    func malformedRequestNeverReachesTheFlow(_ request: Malformed) async throws {
        let recorder = CallbackRecorder(.accepted(.code("must-not-happen")))
        let catcher = try await startCatcher(recorder)
        let port = await catcher.port
        let bytes =
            String(decoding: request.bytes, as: UTF8.self) == ""
            ? request.bytes : Self.substitute(request.bytes, port: port)
        let response: String
        if request.status == nil {
            let socket = try await RawHTTP.connect(port: port)
            try await socket.write(Data(bytes))
            try socket.close()
            response = ""
        } else {
            response = try await RawHTTP.exchange(bytes, port: port)
        }
        if let status = request.status { #expect(RawHTTP.status(response) == status, "\(response.prefix(200))") }
        #expect(await recorder.queries.isEmpty)
        // Still alive and still strict.
        let after = try await RawHTTP.get("/callback?state=s&code=c", port: port)
        #expect(RawHTTP.status(after) == 200)
        #expect(await recorder.queries == ["state=s&code=c"])
        await catcher.stop()
    }

    @Test func slowHeadIsCutOffAtTheDeadline() async throws {
        let recorder = CallbackRecorder()
        let catcher = try await startCatcher(recorder, headDeadline: .milliseconds(300))
        let port = await catcher.port
        let socket = try await RawHTTP.connect(port: port)
        try await socket.write(Data("GET /callback?state=s HTTP/1.1\r\nHost: local".utf8))
        let started = ContinuousClock.now
        let response = try await RawHTTP.readToEnd(socket)
        try socket.close()
        #expect(RawHTTP.status(response) == 408)
        #expect(ContinuousClock.now - started < .seconds(20)) // the 300 ms deadline, not a client or a 30 s default
        #expect(await recorder.queries.isEmpty)
        await catcher.stop()
    }

    @Test func connectionsBeyondTheCapAreTurnedAway() async throws {
        let recorder = CallbackRecorder()
        let catcher = try await startCatcher(recorder, headDeadline: .seconds(30), maximumConnections: 2)
        let port = await catcher.port
        let idle = [try await RawHTTP.connect(port: port), try await RawHTTP.connect(port: port)]
        try await poll(until: "the catcher holds both idle connections") { await catcher.connectionCount == 2 }
        let turnedAway = try await RawHTTP.get("/callback?state=s", port: port)
        #expect(RawHTTP.status(turnedAway) == 503)
        for socket in idle { try socket.close() }
        try await poll(until: "the catcher has closed every connection") { await catcher.connectionCount == 0 }
        let served = try await RawHTTP.get("/callback?state=s", port: port)
        #expect(RawHTTP.status(served) == 400)
        await catcher.stop()
    }

    @Test func manyConcurrentGarbageConnectionsLeaveItServing() async throws {
        let recorder = CallbackRecorder()
        let catcher = try await startCatcher(recorder, maximumConnections: 8)
        let port = await catcher.port
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    _ = try? await RawHTTP.exchange("\(index) \u{1}\r\n\r\n", port: port)
                }
            }
            try await group.waitForAll()
        }
        try await poll(until: "the catcher has closed every connection") { await catcher.connectionCount == 0 }
        let response = try await RawHTTP.get("/callback?state=s", port: port)
        #expect(RawHTTP.status(response) == 400)
        #expect(await recorder.queries == ["state=s"])
        await catcher.stop()
    }

    private static func substitute(_ bytes: [UInt8], port: UInt16) -> [UInt8] {
        guard let text = String(validating: bytes, as: UTF8.self) else { return bytes }
        return Array(text.replacingOccurrences(of: "PORT", with: "\(port)").utf8)
    }
}
