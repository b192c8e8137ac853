import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends one HTTP request. The live transport is `CurlTransport`; tests script answers.
public protocol HTTPTransport: Sendable {
    /// Throws `TransportFailure` when no HTTP answer arrived.
    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse)
}

/// Why no HTTP answer arrived, and whether the request may have reached the server.
public struct TransportFailure: Error, Sendable, Equatable {
    public enum Stage: Sendable, Equatable {
        /// No connection was made: the server cannot have seen the request.
        case notSent
        /// The connection was made; the server may have acted on the request.
        case answerLost
    }
    public var stage: Stage
    public var reason: String

    public init(_ stage: Stage, _ reason: String) {
        self.stage = stage
        self.reason = reason
    }
}
