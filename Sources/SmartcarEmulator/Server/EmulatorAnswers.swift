import Foundation

/// The router tasks answering requests right now. `stop()` cancels them (a `slow` fault ends its
/// wait) and waits for them, so none writes to a connection after the event loop is gone.
final class EmulatorAnswers: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [UInt64: Task<Void, Never>] = [:]
    private var nextId: UInt64 = 0
    private var closed = false

    /// Runs `body` on a task unless the server is stopping.
    func start(_ body: @escaping @Sendable () async -> Void) {
        lock.withLock {
            guard !closed else { return }
            let id = nextId
            nextId += 1
            running[id] = Task {
                await body()
                self.lock.withLock { _ = self.running.removeValue(forKey: id) }
            }
        }
    }

    /// Refuses new work, cancels what runs and waits for it to end.
    func stop() async {
        let tasks = lock.withLock {
            closed = true
            return Array(running.values)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}
