import Foundation

/// Named locks between the tasks of one process, handed over in arrival order: the first half of
/// every refresh lock (`RefreshLocks` on SQLite, the advisory locks on PostgreSQL), which
/// processes then take between themselves.
package final class LocalLocks: @unchecked Sendable {
    private let mutex = NSLock()
    private var held: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    package init() {}

    package func acquire(_ id: String) async {
        await withCheckedContinuation { (resume: CheckedContinuation<Void, Never>) in
            let free = mutex.withLock {
                if held.insert(id).inserted { return true }
                waiters[id, default: []].append(resume)
                return false
            }
            if free { resume.resume() }
        }
    }

    /// Hands the lock straight to the next waiter, or frees it.
    package func release(_ id: String) {
        let next: CheckedContinuation<Void, Never>? = mutex.withLock {
            guard var queue = waiters[id], !queue.isEmpty else {
                held.remove(id)
                return nil
            }
            let first = queue.removeFirst()
            waiters[id] = queue.isEmpty ? nil : queue
            return first
        }
        next?.resume()
    }
}
