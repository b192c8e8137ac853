import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A token endpoint for engine tests: each `refresh_token` request goes to `answer`, which returns
/// a status and a JSON body or throws a `TransportFailure`. It counts requests and reuses. Any
/// other request (another grant, no refresh token) is one no test scripted: it records an issue
/// and fails with a `CarportTestError` naming it, rather than passing an empty token to `answer`.
final class TokenServiceStub: HTTPTransport, Sendable {
    typealias Answer = @Sendable (_ refreshToken: String, _ call: Int) async throws -> (Int, String)

    /// What the stub has seen, behind one lock.
    private struct Tally {
        var calls = 0
        var seen: Set<String> = []
        var reused = 0
        var inFlight = 0
        var mostInFlight = 0
    }

    private let tally = LockBox(Tally())
    private let answer: Answer

    init(_ answer: @escaping Answer) { self.answer = answer }

    /// A service that rotates: every refresh token works once and yields `next-<n>`.
    static func rotating(delay: TimeInterval = 0) -> TokenServiceStub {
        TokenServiceStub { _, call in
            // Latency, as over a network, so that requests overlap: not a wait for a condition.
            if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
            return (200, pairJSON(call))
        }
    }

    static func pairJSON(_ n: Int) -> String {
        #"{"access_token":"access-next-\#(n)","token_type":"Bearer","expires_in":7200,"refresh_token":"next-\#(n)"}"#
    }

    var requestCount: Int { tally.value.calls }
    var reuseCount: Int { tally.value.reused }
    /// The most requests that were being answered at the same time.
    var maxInFlight: Int { tally.value.mostInFlight }

    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let form = FormEncoding.decode(String(decoding: request.httpBody ?? Data(), as: UTF8.self))
        guard form.contains(where: { $0 == ("grant_type", "refresh_token") }),
            let token = form.first(where: { $0.0 == "refresh_token" })?.1
        else {
            let unexpected = CarportTestError(
                "TokenServiceStub: unexpected request \(request.httpMethod ?? "GET") \(request.url?.path ?? "") "
                    + "with form fields \(form.map(\.0)); it answers refresh_token grants only")
            Issue.record("\(unexpected)")
            throw unexpected
        }
        let call = tally.withLock {
            $0.calls += 1
            if !$0.seen.insert(token).inserted { $0.reused += 1 }
            $0.inFlight += 1
            $0.mostInFlight = max($0.mostInFlight, $0.inFlight)
            return $0.calls
        }
        defer { tally.withLock { $0.inFlight -= 1 } }
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
            policy: RetryPolicy(
                maxAttempts: 1, baseDelay: 0, maxDelay: 0, maxRetryAfter: 0, timeout: 5, commandTimeout: 5),
            sleep: { _ in })
    }
}
