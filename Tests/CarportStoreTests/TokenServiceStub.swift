import CarportCore
import Foundation
import SmartcarKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A token endpoint for engine tests: each `refresh_token` request goes to `answer`, which returns
/// a status and a JSON body or throws a `TransportFailure`. It counts requests and reuses.
final class TokenServiceStub: HTTPTransport, @unchecked Sendable {
    typealias Answer = @Sendable (_ refreshToken: String, _ call: Int) async throws -> (Int, String)

    private let lock = NSLock()
    private var calls = 0
    private var seen: Set<String> = []
    private var reused = 0
    private var inFlight = 0
    private var mostInFlight = 0
    private let answer: Answer

    init(_ answer: @escaping Answer) { self.answer = answer }

    /// A service that rotates: every refresh token works once and yields `next-<n>`.
    static func rotating(delay: TimeInterval = 0) -> TokenServiceStub {
        TokenServiceStub { _, call in
            if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
            return (200, pairJSON(call))
        }
    }

    static func pairJSON(_ n: Int) -> String {
        #"{"access_token":"access-next-\#(n)","token_type":"Bearer","expires_in":7200,"refresh_token":"next-\#(n)"}"#
    }

    var requestCount: Int { lock.withLock { calls } }
    var reuseCount: Int { lock.withLock { reused } }
    /// The most requests that were being answered at the same time.
    var maxInFlight: Int { lock.withLock { mostInFlight } }

    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let form = FormEncoding.decode(String(decoding: request.httpBody ?? Data(), as: UTF8.self))
        let token = form.first { $0.0 == "refresh_token" }?.1 ?? ""
        let call = lock.withLock {
            calls += 1
            if !seen.insert(token).inserted { reused += 1 }
            inFlight += 1
            mostInFlight = max(mostInFlight, inFlight)
            return calls
        }
        defer { lock.withLock { inFlight -= 1 } }
        let (status, body) = try await answer(token, call)
        let response = HTTPURLResponse(
            url: request.url!, statusCode: status, httpVersion: "HTTP/1.1",
            headerFields: ["Content-Type": "application/json"])!
        return (Data(body.utf8), response)
    }
}

extension LiveSmartcarClient {
    /// A client over `transport` that never retries and never sleeps.
    static func stubbed(_ transport: any HTTPTransport, clock: any WallClock) throws -> LiveSmartcarClient {
        let config = try Configuration.load(
            environment: [
                "HOME": "/nonexistent", "SMARTCAR_CLIENT_ID": "cid", "SMARTCAR_CLIENT_SECRET": "csecret",
                "SMARTCAR_AUTH_ORIGIN": "http://127.0.0.1:9", "SMARTCAR_API_ORIGIN": "http://127.0.0.1:9",
            ], readFile: { _ in nil })
        return try LiveSmartcarClient(
            configuration: config, clock: clock, transport: transport,
            policy: RetryPolicy(maxAttempts: 1, baseDelay: 0, maxDelay: 0, maxRetryAfter: 0, timeout: 5),
            sleep: { _ in })
    }
}
