import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A URLSession that hands back a redirect instead of following it: what Connect answered, before
/// the browser would go on to the redirect URI.
public enum NoRedirects {
    public static let session = URLSession(configuration: .ephemeral, delegate: Refusal(), delegateQueue: nil)

    /// Where `url` redirects to (its `Location`); throws when it does not redirect.
    public static func location(of url: URL) async throws -> URL {
        let (_, response) = try await session.data(from: url)
        guard let http = response as? HTTPURLResponse, (300..<400).contains(http.statusCode),
            let location = http.value(forHTTPHeaderField: "Location"), let target = URL(string: location)
        else { throw CarportTestError("\(url.path) did not redirect: \(response)") }
        return target
    }

    private final class Refusal: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }
}
