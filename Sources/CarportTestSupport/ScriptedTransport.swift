import Foundation
import SmartcarKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An `HTTPTransport` that answers from a script and records every request. A request beyond the
/// script is a test failure: it answers with a transport error that names the request.
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
            throw TransportFailure(
                .notSent, "unexpected request \(request.httpMethod ?? "GET") \(request.url?.path ?? "")")
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
