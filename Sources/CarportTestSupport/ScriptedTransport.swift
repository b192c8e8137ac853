import Foundation
import SmartcarKit
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An `HTTPTransport` that answers from a script and records every request. A request beyond the
/// script is a test failure: it records an issue and throws a `CarportTestError` naming the
/// request. Not a `TransportFailure`: the client would take a "not sent" one for a refused
/// connection and retry it, and the test could pass on a default it never scripted.
public actor ScriptedTransport: HTTPTransport {
    public enum Answer: Sendable {
        case http(status: Int, headers: [String: String], body: String)
        case failure(TransportFailure)

        public static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Answer {
            .http(
                status: status, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a }, body: body
            )
        }
    }

    private var script: [Answer]
    public private(set) var requests: [URLRequest] = []

    public init(_ script: [Answer]) { self.script = script }

    public var remaining: Int { script.count }

    public func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        requests.append(request)
        guard !script.isEmpty else {
            let unexpected = CarportTestError(
                "ScriptedTransport: unexpected request \(request.httpMethod ?? "GET") \(request.url?.path ?? ""), "
                    + "after the \(requests.count - 1) scripted answer(s) ran out")
            Issue.record("\(unexpected)")
            throw unexpected
        }
        switch script.removeFirst() {
        case .failure(let failure):
            throw failure
        case .http(let status, let headers, let body):
            let response = HTTPURLResponse(
                url: request.url!, statusCode: status, httpVersion: "HTTP/1.1",
                headerFields: headers)!
            return (Data(body.utf8), response)
        }
    }
}
