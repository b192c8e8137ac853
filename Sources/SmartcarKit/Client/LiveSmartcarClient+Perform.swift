import CarportCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension LiveSmartcarClient {
    /// Whether a request may be sent again.
    enum Replay {
        /// A read: safe to resend after 5xx, 429 or a lost answer.
        case read
        /// A grant or a command: resent only when it cannot have reached the server.
        case onlyIfNotSent
    }

    /// Sends `request`, retrying as `RetryPolicy` and `replay` allow; a non-2xx answer becomes a
    /// `CarportError` whose texts are redacted of `secrets`.
    func perform(
        _ request: URLRequest, replay: Replay, what: String,
        secrets: [Secret]
    ) async throws -> (Data, HTTPURLResponse) {
        var request = request
        request.setValue(Self.userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        var attempt = 0
        while true {
            attempt += 1
            let last = attempt >= policy.maxAttempts
            do {
                let (body, response) = try await transport.send(request)
                if (200..<300).contains(response.statusCode) { return (body, response) }
                let error = SmartcarErrorParser.parse(
                    status: response.statusCode,
                    headers: Self.headers(response), body: body, secrets: secrets)
                guard replay == .read, !last, error.kind == .transient || error.kind == .rateLimited else {
                    throw error
                }
                if error.kind == .rateLimited {
                    let wait = TimeInterval(error.details?.retryAfter ?? 1)
                    guard wait <= policy.maxRetryAfter else { throw error }
                    try await sleep(wait)
                } else {
                    try await sleep(policy.backoff(afterAttempt: attempt, unit: random.unit()))
                }
            } catch let failure as TransportFailure {
                let host = request.url?.host ?? "Smartcar"
                if failure.stage == .answerLost && replay == .onlyIfNotSent {
                    throw CarportError(
                        .answerLost,
                        "\(what.prefix(1).uppercased())\(what.dropFirst()) reached \(host) but no answer came back (\(failure.reason)); it may have taken effect."
                    )
                }
                if last {
                    throw CarportError(
                        .transient,
                        "Cannot reach \(host) for \(what): \(failure.reason) after \(attempt) attempts. Check the network and the SMARTCAR_*_ORIGIN settings, then try again."
                    )
                }
                try await sleep(policy.backoff(afterAttempt: attempt, unit: random.unit()))
            }
        }
    }

    static func headers(_ response: HTTPURLResponse) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, let value = value as? String { result[key] = value }
        }
        return result
    }
}
