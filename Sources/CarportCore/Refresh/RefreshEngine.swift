import Foundation

/// The refresh flow of docs/SMARTCAR.md §4.5 over the `ConnectionStore` and `SmartcarAPI` ports: under the
/// connection's refresh lock, re-read the row, skip it when no longer due, mark the attempt
/// in flight, send, and commit the new pair before anything can use it.
public struct RefreshEngine: Sendable {
    /// Which connections a run refreshes.
    public enum Selection: Sendable, Equatable {
        /// Only what `HealthPolicy.refreshIsDue` says is due (checked again under the lock).
        case due
        /// Every live pair not already issued at or after `since` (the start of the run), so
        /// several carports running at once refresh each connection once.
        case all(since: Date)
    }

    public let store: any ConnectionStore
    public let api: any SmartcarAPI
    public let clock: any WallClock
    public let policy: HealthPolicy

    public init(
        store: any ConnectionStore, api: any SmartcarAPI, clock: any WallClock, policy: HealthPolicy = .standard
    ) {
        self.store = store
        self.api = api
        self.clock = clock
        self.policy = policy
    }

    /// The ids among `summaries` whose refresh is due now.
    public func dueIds(_ summaries: [ConnectionSummary]) -> [String] {
        let now = clock.now()
        return summaries.filter { policy.refreshIsDue($0.state, at: now) }.map(\.id)
    }

    /// Refreshes one connection. Never throws: every ending is a `RefreshResult`.
    public func refresh(connectionId id: String, selection: Selection) async -> RefreshResult {
        await refresh(connectionId: id, selection: selection, requests: nil)
    }

    private func refresh(connectionId id: String, selection: Selection, requests: ConcurrencyLimit?) async
        -> RefreshResult
    {
        do {
            return try await store.withRefreshLock(connectionId: id) { row in
                try await refreshLocked(row, selection: selection, requests: requests)
            }
        } catch {
            let message = (error as? CarportError)?.message ?? "The refresh could not finish."
            let outcome: RefreshResult.Outcome =
                switch (error as? CarportError)?.kind {
                case .notFound: .skipped
                case .answerLost: .answerLost
                default: .failed
                }
            return RefreshResult(connectionId: id, outcome: outcome, message: message)
        }
    }

    /// Store work per request slot: while one connection's pair is being committed (an fsync),
    /// others are being locked and read, so the request slots never idle on the disk.
    static let connectionsPerRequestSlot = 4

    /// Refreshes `ids` with at most `concurrency` requests at Smartcar at once (and up to
    /// `connectionsPerRequestSlot` times as many connections in the store part of their refresh);
    /// `progress` sees each result as it comes.
    public func refresh(
        _ ids: [String], selection: Selection, concurrency: Int,
        progress: @escaping @Sendable (RefreshResult) -> Void = { _ in }
    ) async -> [RefreshResult] {
        let requests = ConcurrencyLimit(concurrency)
        return await withTaskGroup(of: RefreshResult.self) { group in
            var results: [RefreshResult] = []
            var next = ids.makeIterator()
            for _ in 0..<max(1, concurrency) * Self.connectionsPerRequestSlot {
                guard let id = next.next() else { break }
                group.addTask { await refresh(connectionId: id, selection: selection, requests: requests) }
            }
            for await result in group {
                results.append(result)
                progress(result)
                if let id = next.next() {
                    group.addTask { await refresh(connectionId: id, selection: selection, requests: requests) }
                }
            }
            return results
        }
    }

    private func refreshLocked(_ row: Connection, selection: Selection, requests: ConcurrencyLimit?) async throws
        -> RefreshResult
    {
        let now = clock.now()
        let interruptedAt = row.lastRefresh?.outcome == .inFlight ? row.lastRefresh?.attemptedAt : nil
        func result(_ outcome: RefreshResult.Outcome, _ message: String?) -> RefreshResult {
            RefreshResult(connectionId: row.id, outcome: outcome, message: message, interruptedAt: interruptedAt)
        }
        guard let pair = row.tokens else { return .noPair(row.id) }
        if policy.health(of: row, at: now) == .needsReauth {
            return result(
                .needsReauth, row.reauthReason ?? "The refresh token has expired; the customer must reconnect.")
        }
        switch selection {
        case .due where !policy.refreshIsDue(row, at: now):
            return result(.skipped, "Not due.")
        case .all(let since) where pair.issuedAt >= since:
            return result(.skipped, "Already refreshed by another carport during this run.")
        default:
            break
        }

        // The mark and the request share one request slot: a connection still waiting for a slot
        // has sent nothing and carries no mark, and the attempt is timed when it really starts.
        let (attempt, answer) = try await (requests ?? ConcurrencyLimit(1)).run {
            let attempt = clock.now()
            try await store.recordRefresh(
                connectionId: row.id, tokens: nil,
                record: RefreshRecord(attemptedAt: attempt, outcome: .inFlight), reauthReason: nil)
            return (attempt, await send(pair.refreshToken))
        }
        switch answer {
        case .success(let new):
            return await commit(new, row: row, spent: pair.refreshToken, attempt: attempt, result: result)
        case .failure(let error):
            return try await recordFailure(error, row: row, spent: pair.refreshToken, at: attempt, result: result)
        }
    }

    private func recordFailure(
        _ error: Error, row: Connection, spent: Secret, at now: Date,
        result: (RefreshResult.Outcome, String?) -> RefreshResult
    ) async throws -> RefreshResult {
        let failure = error as? CarportError ?? CarportError(.transient, "The refresh failed: \(error).")
        switch failure.kind {
        case .authorizationRevoked:
            let adopted = result(
                .adopted, "Smartcar rejected the old pair; adopted the newer one another carport stored.")
            if let current = try await store.connection(id: row.id),
                current.tokens?.refreshToken != spent
            {
                try await store.recordRefresh(
                    connectionId: row.id, tokens: nil,
                    record: RefreshRecord(
                        attemptedAt: now, outcome: .succeeded, message: "Adopted a pair stored by another carport."),
                    reauthReason: nil)
                return adopted
            }
            let reason =
                row.lastRefresh?.outcome == .inFlight || row.lastRefresh?.outcome == .answerLost
                ? "An earlier refresh may have spent the refresh token (its answer never arrived), and Smartcar now rejects it (\(failure.message)). The customer must reconnect."
                : "Smartcar rejected the refresh token (\(failure.message)). The customer must reconnect."
            // Conditional: a pair stored since the re-read (a re-auth) is never marked dead.
            let marked = try await store.recordRefresh(
                connectionId: row.id, replacing: spent, tokens: nil,
                record: RefreshRecord(attemptedAt: now, outcome: .revoked, message: failure.message),
                reauthReason: reason)
            return marked == .written ? result(.needsReauth, reason) : adopted
        case .answerLost:
            let message = """
                The refresh request may have reached Smartcar but its answer was lost (\(failure.message)); \
                the stored refresh token may be spent. Run `carport refresh \(row.id)` at once: Smartcar \
                accepts a used token for a short grace period. If that fails the customer must reconnect.
                """
            try await store.recordRefresh(
                connectionId: row.id, tokens: nil,
                record: RefreshRecord(attemptedAt: now, outcome: .answerLost, message: message),
                reauthReason: nil)
            return result(.answerLost, message)
        default:
            try await store.recordRefresh(
                connectionId: row.id, tokens: nil,
                record: RefreshRecord(attemptedAt: now, outcome: .transientFailure, message: failure.message),
                reauthReason: nil)
            return result(.failed, failure.message) // `RefreshVerdict` adds that the old pair is kept
        }
    }
}
