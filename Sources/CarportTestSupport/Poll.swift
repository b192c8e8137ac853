import Foundation

/// A wait that ran out: names what was awaited, for how long, and what was last seen, so a
/// failure message says which condition never came true.
public struct PollTimeout: Error, CustomStringConvertible {
    public let what: String
    public let timeout: Duration
    public let lastSeen: String?

    public var description: String {
        "timed out after \(timeout) waiting until \(what)" + (lastSeen.map { "; last seen:\n\($0)" } ?? "")
    }
}

/// Polls `condition` every `interval` until it holds; throws `PollTimeout` naming `what` when
/// `timeout` passes first. The one way tests wait: for a condition, never for a fixed time.
public func poll(
    until what: String, timeout: Duration = .seconds(10), interval: Duration = .milliseconds(10),
    isolation: isolated (any Actor)? = #isolation,
    _ condition: () async throws -> Bool
) async throws {
    try await poll(for: what, timeout: timeout, interval: interval) { try await condition() ? () : nil }
}

/// Polls `probe` every `interval` until it returns a value and returns that value; throws
/// `PollTimeout` naming `what` when `timeout` passes first. `describe` adds what was last seen to
/// the error (a screen, an output).
public func poll<Value>(
    for what: String, timeout: Duration = .seconds(10), interval: Duration = .milliseconds(10),
    lastSeen describe: () -> String? = { nil },
    isolation: isolated (any Actor)? = #isolation,
    _ probe: () async throws -> Value?
) async throws -> Value {
    let deadline = ContinuousClock.now + timeout
    while true {
        if let value = try await probe() { return value }
        guard ContinuousClock.now < deadline else {
            throw PollTimeout(what: what, timeout: timeout, lastSeen: describe())
        }
        try await Task.sleep(for: interval)
    }
}
