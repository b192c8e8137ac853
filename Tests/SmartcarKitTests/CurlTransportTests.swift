import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `CurlTransport` against the real emulator over loopback, each test with its own transport (and
/// so its own connections). The refresh token and client secret carry canaries that no failure
/// text may contain.
struct CurlTransportTests {
    static let secret = "CANARY-curl-client-secret-5c2e"
    static let fakeRefreshToken = "CANARY-curl-refresh-token-83f1"

    /// A started emulator with the canary secret, a client over a fresh transport, and the
    /// canaries its failures must not show.
    struct World {
        let emulator: Emulator
        let transport = CurlTransport()
        let client: LiveSmartcarClient

        /// Runs `body` with a started world; afterwards its emulator is stopped (awaited), also
        /// when `body` throws (stopping twice is harmless).
        static func with(
            timeout: TimeInterval = 30, commandTimeout: TimeInterval = 30,
            isolation: isolated (any Actor)? = #isolation, _ body: (World) async throws -> Void
        ) async throws {
            try await withEmulator(EmulatorConfig(clientSecret: CurlTransportTests.secret, seedDemoWorld: false)) {
                try await body(World(emulator: $0, timeout: timeout, commandTimeout: commandTimeout))
            }
        }

        /// Stops the emulator now: the server vanishes mid-test.
        func stopEmulator() async {
            await emulator.stop()
        }

        private init(emulator: Emulator, timeout: TimeInterval, commandTimeout: TimeInterval) throws {
            self.emulator = emulator
            let origin = emulator.baseURL.absoluteString
            let env = [
                "HOME": "/nonexistent", "SMARTCAR_CLIENT_ID": EmulatorConfig.demoClientId,
                "SMARTCAR_CLIENT_SECRET": CurlTransportTests.secret,
                "SMARTCAR_AUTH_ORIGIN": origin, "SMARTCAR_API_ORIGIN": origin,
            ]
            let policy = RetryPolicy(
                maxAttempts: 3, baseDelay: 0, maxDelay: 0, maxRetryAfter: 30, timeout: timeout,
                commandTimeout: commandTimeout)
            client = try LiveSmartcarClient(
                configuration: Configuration.load(environment: env, readFile: { _ in nil }),
                transport: transport, policy: policy, sleep: { _ in })
        }

        /// A token request as the client would send it, with the canaries in its header and body.
        func tokenRequest(timeout: TimeInterval = 5) -> URLRequest {
            Self.tokenRequest(to: emulator.baseURL.appendingPathComponent("oauth/token"), timeout: timeout)
        }

        static func tokenRequest(to url: URL, timeout: TimeInterval) -> URLRequest {
            var request = URLRequest(url: url, timeoutInterval: timeout)
            request.httpMethod = "POST"
            let basic = Data("\(EmulatorConfig.demoClientId):\(CurlTransportTests.secret)".utf8).base64EncodedString()
            request.setValue("Basic \(basic)", forHTTPHeaderField: "Authorization")
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(
                "grant_type=refresh_token&refresh_token=\(CurlTransportTests.fakeRefreshToken)".utf8)
            return request
        }
    }

    /// The failure's every text, free of the canaries and the Basic credential.
    static func expectNoCanary(_ error: any Error, sourceLocation: SourceLocation = #_sourceLocation) {
        let basic = Data("\(EmulatorConfig.demoClientId):\(secret)".utf8).base64EncodedString()
        var texts = [String(describing: error), String(reflecting: error), "\(error)"]
        if let failure = error as? TransportFailure { texts.append(failure.reason) }
        if let carport = error as? CarportError { texts.append(carport.message) }
        for text in texts {
            for canary in ["CANARY", secret, fakeRefreshToken, basic] {
                #expect(!text.contains(canary), "\(canary) leaked", sourceLocation: sourceLocation)
            }
        }
    }

    static func transportFailure(_ body: () async throws -> Void) async -> TransportFailure? {
        do {
            try await body()
            return nil
        } catch {
            expectNoCanary(error)
            return error as? TransportFailure
        }
    }

    /// Established TCP connections to `port` seen from the client side (remote end `port`), from /proc.
    static func establishedConnections(toPort port: Int) -> Int {
        // Read to the end: /proc tables come a page at a time.
        let read = { (path: String) in
            FileHandle(forReadingAtPath: path).map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
        }
        let table = read("/proc/net/tcp") + read("/proc/net/tcp6")
        let local = String(format: ":%04X", port)
        return table.split(separator: "\n").filter { line in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[2].hasSuffix(local) && fields[3] == "01"
        }.count
    }

    @Test func aRefusedConnectionIsNotSent() async throws {
        let url = URL(string: "http://127.0.0.1:\(try FreePort.next())/oauth/token")!
        let failure = await Self.transportFailure {
            _ = try await CurlTransport().send(World.tokenRequest(to: url, timeout: 5))
        }
        #expect(failure == TransportFailure(.notSent, "connection refused"))
    }

    @Test func anUnsupportedSchemeIsNotSent() async throws {
        let failure = await Self.transportFailure {
            _ = try await CurlTransport().send(World.tokenRequest(to: URL(string: "file:///etc/passwd")!, timeout: 5))
        }
        #expect(failure?.stage == .notSent)
    }

    @Test func aRefreshThroughTheClientRotatesThePair() async throws {
        try await World.with { world in
            let seeded = await world.emulator.seedConnection()
            let pair = try await world.client.refresh(seeded.tokens.refreshToken)
            #expect(pair.refreshToken != seeded.tokens.refreshToken)
            #expect(pair.accessToken != seeded.tokens.accessToken)
            #expect(await world.emulator.counters().refreshes == 1)
            // The new pair works: the rotated refresh token is accepted in turn.
            let next = try await world.client.refresh(pair.refreshToken)
            #expect(next.refreshToken != pair.refreshToken)
        }
    }

    @Test func aSlowAnswerPastTheTimeoutIsLost() async throws {
        try await World.with(timeout: 0.5) { world in
            await world.emulator.inject(.slow(seconds: 2, service: .token, count: 2))
            let failure = await Self.transportFailure {
                _ = try await world.transport.send(world.tokenRequest(timeout: 0.5))
            }
            #expect(failure == TransportFailure(.answerLost, "no answer within the timeout"))
            await #expect {
                _ = try await world.client.refresh(Secret(Self.fakeRefreshToken))
            } throws: { error in
                Self.expectNoCanary(error)
                return (error as? CarportError)?.kind == .answerLost
            }
        }
    }

    @Test func aDroppedConnectionIsLostAndARefreshIsNotResent() async throws {
        try await World.with { world in
            await world.emulator.inject(.drop(service: .token, count: 2))
            let failure = await Self.transportFailure { _ = try await world.transport.send(world.tokenRequest()) }
            #expect(failure?.stage == .answerLost)
            await #expect {
                _ = try await world.client.refresh(Secret(Self.fakeRefreshToken))
            } throws: { error in
                Self.expectNoCanary(error)
                return (error as? CarportError)?.kind == .answerLost
            }
            #expect(await world.emulator.counters().faultsFired == 2)
        }
    }

    /// libcurl resends on its own when a reused connection closes without an answer; a grant must
    /// not go twice, so the body cannot be rewound and the drop is a lost answer.
    @Test func aPostDroppedOnAReusedConnectionIsNotResent() async throws {
        try await World.with { world in
            _ = try await world.transport.send(world.tokenRequest()) // opens the connection that is reused
            await world.emulator.inject(.drop(service: .token))
            let failure = await Self.transportFailure { _ = try await world.transport.send(world.tokenRequest()) }
            #expect(failure?.stage == .answerLost)
            let counters = await world.emulator.counters()
            #expect(counters.faultsFired == 1)
            #expect(counters.tokenErrors == 1) // the first request's answer only: nothing was resent
            _ = try await world.transport.send(world.tokenRequest()) // and the transport carries on
        }
    }

    /// The request went out on a reused connection, the server vanished, and libcurl's own
    /// reconnect was refused: the refused reconnect must not make it look unsent.
    @Test func aRefusedReconnectAfterTheRequestWentOutIsLost() async throws {
        try await World.with { world in
            _ = try await world.transport.send(world.tokenRequest()) // opens the connection that is reused
            await world.emulator.inject(.slow(seconds: 30, service: .token))
            let transport = world.transport
            let request = world.tokenRequest(timeout: 20)
            let sent = Task { try await transport.send(request) }
            try await poll(until: "the emulator holds the request") { await world.emulator.counters().faultsFired > 0 }
            await world.stopEmulator() // closes the listener and the connection, with no answer
            // The reason shows libcurl did reconnect (a refusal), not just report the closed connection.
            await #expect { _ = try await sent.value } throws: {
                $0 as? TransportFailure
                    == TransportFailure(.answerLost, "the connection closed after the request was sent")
            }
        }
    }

    @Test func responseHeadersReachTheClient() async throws {
        try await World.with { world in
            let seeded = await world.emulator.seedConnection()
            await world.emulator.inject(.rateLimit(retryAfter: 120))
            await #expect {
                _ = try await world.client.attributes(
                    vehicleId: seeded.vehicleIds[0], accessToken: seeded.tokens.accessToken)
            } throws: { error in
                let error = error as? CarportError
                return error?.kind == .rateLimited && error?.details?.retryAfter == 120
            }
            await world.emulator.inject(.rateLimit(retryAfter: 45))
            var request = URLRequest(
                url: world.emulator.baseURL.appendingPathComponent("v2.0/vehicles/\(seeded.vehicleIds[0])"))
            request.setValue("Bearer \(seeded.tokens.accessToken.reveal())", forHTTPHeaderField: "Authorization")
            let (body, response) = try await world.transport.send(request)
            #expect(response.statusCode == 429)
            #expect(response.value(forHTTPHeaderField: "retry-after") == "45")
            #expect(response.value(forHTTPHeaderField: "Content-Type") == "application/json; charset=utf-8")
            #expect(response.value(forHTTPHeaderField: "Content-Length") == String(body.count))
        }
    }

    @Test func aHundredConcurrentRequestsThroughOneTransportAllComplete() async throws {
        try await World.with { world in
            let seeded = await world.emulator.seedConnection()
            let vehicle = seeded.vehicleIds[0]
            let makes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        try await world.client.attributes(vehicleId: vehicle, accessToken: seeded.tokens.accessToken)
                            .make
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(makes.count == 100)
            #expect(Set(makes).count == 1)
            #expect(await world.emulator.counters().apiCalls == 100)
            // Kept-alive connections stay in the transport's cache: at most the per-host cap of 16.
            let open = Self.establishedConnections(toPort: world.emulator.baseURL.port ?? 0)
            #expect((1...16).contains(open), "\(open) connections")
        }
    }

    @Test func cancellingTheTaskEndsTheTransfer() async throws {
        try await World.with { world in
            await world.emulator.inject(.slow(seconds: 30, service: .token))
            let transport = world.transport
            let request = world.tokenRequest(timeout: 60)
            let task = Task { try await transport.send(request) }
            try await poll(until: "the emulator holds the request") { await world.emulator.counters().faultsFired > 0 }
            let started = Date()
            task.cancel()
            // The request is out: the server may act on it, so cancelling reports a lost answer.
            await #expect { _ = try await task.value } throws: { ($0 as? TransportFailure)?.stage == .answerLost }
            #expect(Date().timeIntervalSince(started) < 5)
        }
    }
}
