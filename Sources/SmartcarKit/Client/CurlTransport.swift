import CCurl
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// libcurl's multi interface, driven by one dedicated thread per transport (`CurlMultiLoop`).
/// The same TLS stack, CA store, proxy variables (`HTTPS_PROXY`, `NO_PROXY`, …) and HTTP/2 as
/// URLSession on Linux, which is libcurl underneath, without its per-request overhead.
/// Connections are kept alive and reused per transport; redirects are not followed.
public final class CurlTransport: HTTPTransport {
    /// The process's transport, created on first use: every transport owns a thread.
    public static let shared = CurlTransport()

    private let loop: CurlMultiLoop

    /// - Parameter maxConnectionsPerHost: transfers past this many to one host wait inside
    ///   libcurl for a free connection (URLSession's default is 6).
    public init(maxConnectionsPerHost: Int = 16) {
        loop = CurlMultiLoop(maxConnectionsPerHost: maxConnectionsPerHost)
    }

    deinit { loop.stop() }

    public func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let transfer = try CurlTransfer(request)
        let loop = self.loop
        let outcome = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.start(transfer, continuation)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        guard
            let response = HTTPURLResponse(
                url: transfer.url, statusCode: outcome.status,
                httpVersion: outcome.httpVersion, headerFields: outcome.headers)
        else {
            throw TransportFailure(.answerLost, "the answer was not HTTP")
        }
        return (outcome.body, response)
    }
}
