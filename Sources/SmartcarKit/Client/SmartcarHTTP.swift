import CarportCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What every Smartcar client shares (the classic client, the Management API, the v3 client): the
/// transport, the retry policy of docs/SMARTCAR.md §6.6, the error parser and the decoding of answers.
struct SmartcarHTTP: Sendable {
    let transport: any HTTPTransport
    let policy: RetryPolicy
    let random: any RandomSource
    let sleep: @Sendable (TimeInterval) async throws -> Void

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
        request.setValue(LiveSmartcarClient.userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        var attempt = 0
        var waitedForALimit = false
        while true {
            attempt += 1
            let last = attempt >= policy.maxAttempts
            do {
                let (body, response) = try await transport.send(request)
                if (200..<300).contains(response.statusCode) { return (body, response) }
                let error = SmartcarErrorParser.parse(
                    status: response.statusCode,
                    headers: Self.headers(response), body: body, secrets: secrets)
                guard replay == .read, !last, let wait = retryDelay(error, attempt: attempt, waited: waitedForALimit)
                else { throw error }
                waitedForALimit = waitedForALimit || error.kind == .rateLimited
                try await sleep(wait)
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

    /// How long to wait before sending a read again after `error`, or nil to report it: by error
    /// type, never blindly (docs/SMARTCAR.md §6.5). A carmaker's own limit (`UPSTREAM:RATE_LIMIT`)
    /// is never retried; a Smartcar limit is waited for once, only when `Retry-After` says how long
    /// and it is short; a 5xx or an upstream failure is retried with backoff.
    func retryDelay(_ error: CarportError, attempt: Int, waited: Bool) -> TimeInterval? {
        let details = error.details
        if details?.type == "UPSTREAM" && details?.code == "RATE_LIMIT" { return nil }
        switch error.kind {
        case .rateLimited:
            guard !waited, let after = details?.retryAfter, TimeInterval(after) <= policy.maxRetryAfter else {
                return nil
            }
            return TimeInterval(after)
        case .transient: return policy.backoff(afterAttempt: attempt, unit: random.unit())
        default: return nil
        }
    }

    static func headers(_ response: HTTPURLResponse) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, let value = value as? String { result[key] = value }
        }
        return result
    }

    func decode<T: Decodable>(_ body: Data, what: String, replay: Replay) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch {
            let reason = Self.describe(decodingError: error)
            if replay == .onlyIfNotSent {
                throw CarportError(
                    .answerLost,
                    "Smartcar accepted \(what) but its answer could not be read (\(reason)); the request took effect but its result was lost."
                )
            }
            throw CarportError(
                .transient, "Smartcar's answer to \(what) could not be read (\(reason)). Try again later.")
        }
    }

    private static func describe(decodingError error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: "missing `\(key.stringValue)`"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            "wrong type at `\(context.codingPath.map(\.stringValue).joined(separator: "."))`"
        case .dataCorrupted?: "not valid JSON"
        default: "unreadable body"
        }
    }
}
