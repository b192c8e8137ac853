import CarportCore
import Foundation
import GRDB

/// Group commit: writes submitted while a transaction is being committed wait and then go
/// together in the next one. Each write still runs in its own savepoint, and each caller returns
/// only after the transaction holding its write is committed.
///
/// Two kinds of write:
/// - durable (a new token pair, a refresh's outcome): committed with `synchronous=FULL`, so it is
///   on disk before the caller goes on, at one fsync per batch instead of one per refresh;
/// - marks (`inFlight` just before a request is sent): committed with `synchronous=NORMAL`. The
///   WAL frames are written (so they survive the process being killed) but not fsynced; the next
///   durable commit makes them durable too. Only a power loss in between can drop a mark, and a
///   lost mark loses no pair: it only turns a later "answer lost" report into "rejected".
///   Marks go in their own batch ahead of durable writes, so they never wait for an fsync of
///   writes they do not depend on.
final class WriteBatcher: @unchecked Sendable {
    typealias Work = @Sendable (Database) throws -> Void

    private struct Pending {
        let durable: Bool
        let work: Work
        let done: CheckedContinuation<Void, Error>
    }

    private let writer: DatabasePool
    private let queue = DispatchQueue(label: "carport.store.batcher")
    private let lock = NSLock()
    private var pending: [Pending] = []
    private var draining = false

    init(writer: DatabasePool) { self.writer = writer }

    func write(durable: Bool = true, _ work: @escaping Work) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
            let start = lock.withLock {
                pending.append(Pending(durable: durable, work: work, done: done))
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
            let marks = batch.filter { !$0.durable }
            if !marks.isEmpty { commit(marks, full: false) }
            let durable = batch.filter(\.durable)
            if !durable.isEmpty { commit(durable, full: true) }
        }
    }

    private func commit(_ batch: [Pending], full: Bool) {
        var results = [Result<Void, Error>](repeating: .success(()), count: batch.count)
        do {
            try writer.writeWithoutTransaction { db in
                // Every other write shares this connection: it is back to FULL before anyone else
                // writes (a failure to go back fails the batch), and a durable batch sets FULL
                // again itself rather than trust that it was.
                try db.execute(sql: full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                let committed = Result {
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
                if !full { try db.execute(sql: "PRAGMA synchronous = FULL") }
                try committed.get()
            }
        } catch {
            let failure = StoreError.translate(error)
            results = results.map { _ in .failure(failure) }
        }
        for (item, result) in zip(batch, results) { item.done.resume(with: result) }
    }
}
