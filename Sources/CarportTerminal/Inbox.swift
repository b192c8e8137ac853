import CarportTUI
import Foundation

/// Actions from effect tasks, waiting for the UI thread.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var actions: [Action] = []

    func push(_ action: Action) { lock.withLock { actions.append(action) } }

    func drain() -> [Action] {
        lock.withLock {
            defer { actions.removeAll() }
            return actions
        }
    }
}
