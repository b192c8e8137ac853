import Foundation

/// The one source of "now". Code never calls `Date()` directly; tests advance a manual clock
/// and the demo's time-warp moves an offset clock.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// The system clock shifted by an adjustable offset: the demo's time-warp.
public final class OffsetClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval

    public init(offset: TimeInterval = 0) { self.offset = offset }

    public func now() -> Date { lock.withLock { Date().addingTimeInterval(offset) } }

    public func advance(by seconds: TimeInterval) { lock.withLock { offset += seconds } }

    public var currentOffset: TimeInterval { lock.withLock { offset } }
}
