import Foundation

/// How the client retries. Reads retry 5xx, 429 and connection failures a bounded number of
/// times with full jitter; nothing retries a 4xx; a request that may have reached the server is
/// re-sent only when it is a read.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// A `Retry-After` longer than this is not waited for: the error goes back to the caller.
    public var maxRetryAfter: TimeInterval
    /// How long a read, a grant or a disconnect may take.
    public var timeout: TimeInterval
    /// How long a command (lock, unlock, charge) may take: carmakers answer in minutes, and
    /// Smartcar's SDKs wait 310 s (docs/SMARTCAR.md §5.7).
    public var commandTimeout: TimeInterval

    public static let standard = RetryPolicy(
        maxAttempts: 3, baseDelay: 0.5, maxDelay: 8,
        maxRetryAfter: 30, timeout: 60, commandTimeout: 310)

    public init(
        maxAttempts: Int, baseDelay: TimeInterval, maxDelay: TimeInterval,
        maxRetryAfter: TimeInterval, timeout: TimeInterval, commandTimeout: TimeInterval
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.timeout = timeout
        self.commandTimeout = commandTimeout
    }

    /// Full jitter: a random delay in `0..<min(maxDelay, baseDelay * 2^attempt)`.
    func backoff(afterAttempt attempt: Int, unit: Double) -> TimeInterval {
        min(maxDelay, baseDelay * pow(2, Double(attempt - 1))) * unit
    }
}
