import CarportCore
import Foundation

/// A clock that stands still until a test moves it (hummingbird's `MockClock`): tests that
/// depend on time never depend on how fast the machine runs.
public final class ManualClock: WallClock, Sendable {
    private let current: LockBox<Date>

    public init(_ date: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = LockBox(date) }

    public func now() -> Date { current.value }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}
