import CarportCore
import Foundation

/// A clock that stands still until a test moves it (hummingbird's `MockClock`): tests that
/// depend on time never depend on how fast the machine runs.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ date: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = date }

    public func now() -> Date { lock.withLock { current } }

    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
