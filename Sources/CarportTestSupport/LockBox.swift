import Foundation

/// A value shared between tasks and threads behind a lock: the one box tests use where an actor
/// would force `await` into synchronous code (a transport's counters, a stub's switch).
public final class LockBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    public init(_ value: Value) { stored = value }

    /// Runs `body` with the value while holding the lock; `body` may change it.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&stored)
    }

    /// The value now (a copy); setting it replaces it under the lock.
    public var value: Value {
        get { withLock { $0 } }
        set { withLock { $0 = newValue } }
    }
}
