import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends one HTTP request. The live transport is URLSession; tests script answers.
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

/// URLSession (FoundationNetworking on Linux). Every request carries its own timeout.
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init(session: URLSession = URLSession(configuration: .ephemeral)) {
        self.session = session
    }

    public func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                throw TransportFailure(.answerLost, "the answer was not HTTP")
            }
            return (data, http)
        } catch let error as URLError {
            throw Self.failure(for: error)
        }
    }

    static func failure(for error: URLError) -> TransportFailure {
        switch error.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
             .unsupportedURL, .badURL, .secureConnectionFailed, .serverCertificateUntrusted,
             .serverCertificateHasBadDate, .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return TransportFailure(.notSent, "could not connect (\(describe(error.code)))")
        case .timedOut:
            return TransportFailure(.answerLost, "no answer within the timeout")
        default:
            return TransportFailure(.answerLost, "the connection failed (\(describe(error.code)))")
        }
    }

    private static func describe(_ code: URLError.Code) -> String {
        switch code {
        case .cannotConnectToHost: "connection refused"
        case .cannotFindHost, .dnsLookupFailed: "unknown host"
        case .notConnectedToInternet: "no network"
        case .networkConnectionLost: "connection lost"
        case .secureConnectionFailed: "TLS handshake failed"
        default: "URLError \(code.rawValue)"
        }
    }
}
