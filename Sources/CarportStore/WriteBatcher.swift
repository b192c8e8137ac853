import CarportCore
import Foundation
import GRDB

/// Group commit: writes submitted while a transaction is being committed wait and then go
/// together in the next one. Each write still runs in its own savepoint, and each caller returns
/// only after the transaction holding its write is durably committed (`synchronous=FULL`), so
/// every rotated pair is on disk before anything uses it, at one fsync per batch instead of one
/// per refresh.
final class WriteBatcher: @unchecked Sendable {
    typealias Work = @Sendable (Database) throws -> Void

    private struct Pending {
        let work: Work
        let done: CheckedContinuation<Void, Error>
    }

    private let writer: DatabasePool
    private let queue = DispatchQueue(label: "carport.store.batcher")
    private let lock = NSLock()
    private var pending: [Pending] = []
    private var draining = false

    init(writer: DatabasePool) { self.writer = writer }

    func write(_ work: @escaping Work) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
            let start = lock.withLock {
                pending.append(Pending(work: work, done: done))
                defer { draining = true }
                return !draining
            }
            if start { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let batch: [Pending] = lock.withLock {
                let taken = pending
                pending.removeAll()
                if taken.isEmpty { draining = false }
                return taken
            }
            if batch.isEmpty { return }
            commit(batch)
        }
    }

    private func commit(_ batch: [Pending]) {
        var results = [Result<Void, Error>](repeating: .success(()), count: batch.count)
        do {
            try writer.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    for (index, item) in batch.enumerated() {
                        do {
                            try db.inSavepoint {
                                try item.work(db)
                                return .commit
                            }
                        } catch {
                            results[index] = .failure(StoreError.translate(error))
                        }
                    }
                    return .commit
                }
            }
        } catch {
            let failure = StoreError.translate(error)
            results = results.map { _ in .failure(failure) }
        }
        for (item, result) in zip(batch, results) { item.done.resume(with: result) }
    }
}
