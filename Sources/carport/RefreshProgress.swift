import CarportApp
import CarportCore
import Foundation

/// A one-line progress counter on stderr, redrawn in place at most ten times a second; only on a
/// terminal.
final class RefreshProgress: @unchecked Sendable {
    private let onTerminal: Bool
    private var total = 0
    private let lock = NSLock()
    private var done = 0
    private var failed = 0
    private var drawn = ContinuousClock.now - .seconds(1)

    init(onTerminal: Bool) {
        self.onTerminal = onTerminal
    }

    func start(total: Int) {
        lock.withLock { self.total = total }
    }

    func record(_ result: RefreshResult) {
        guard onTerminal else { return }
        let line = lock.withLock { () -> String? in
            done += 1
            if result.isFailure { failed += 1 }
            guard done == total || ContinuousClock.now - drawn >= .milliseconds(100) else { return nil }
            drawn = .now
            return "\r\u{1B}[2Krefreshing \(done)/\(total), \(failed) failed"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        if onTerminal && total > 0 { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
