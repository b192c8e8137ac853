import CarportCore
import CarportTUI
import Foundation

/// Which connections `carport refresh` takes.
public enum RefreshTarget: Sendable, Equatable {
    case connection(String)
    case all
    case due
}

/// A finished `carport refresh`: each result with its verdict, and how long the refreshes took.
public struct RefreshRun: Sendable {
    public var results: [(result: RefreshResult, verdict: RefreshVerdict)]
    /// From the first lock to the last commit.
    public var seconds: TimeInterval
    /// Reading the store and picking what to refresh, before the first lock.
    public var pickSeconds: TimeInterval = 0
    /// What links could not read from Smartcar yet, even after this run (`LinkGaps`), by connection.
    public var missing: [String: LinkGaps] = [:]

    public var exitCode: Int32 { RefreshVerdict.exitCode(results.map(\.verdict)) }
}

extension Carport {
    public func refreshEngine() throws -> RefreshEngine {
        RefreshEngine(store: store, api: try smartcar(), clock: clock)
    }

    /// Refreshes `target` through the locked engine; `progress` hears each result as it ends.
    /// `total` is told the number of connections first. v3 connections have no pair: they are
    /// never refreshed (the classic client is not even needed when only they are targeted), only
    /// what their links could not read is completed.
    public func refresh(
        _ target: RefreshTarget, concurrency: Int, total: (Int) -> Void = { _ in },
        progress: @escaping @Sendable (RefreshResult) -> Void = { _ in }
    ) async throws -> RefreshRun {
        let policy = HealthPolicy.standard
        let picking = ContinuousClock.now
        let rows =
            target == .due
            ? try await store.refreshCandidates(policy: policy, at: clock.now())
            : try await store.connectionSummaries()
        let targeted: [String]
        switch target {
        case .connection(let id):
            guard rows.contains(where: { $0.id == id }) else {
                throw CarportError(.notFound, "No connection \(id) in the store; `carport status` lists them.")
            }
            targeted = [id]
        case .due: targeted = rows.filter { policy.refreshIsDue($0.state, at: clock.now()) }.map(\.id)
        case .all: targeted = rows.sorted(by: ConnectionSummary.byCustomer).map(\.id)
        }
        let v3 = Set(rows.filter { $0.kind == .v3 }.map(\.id))
        let ids = targeted.filter { !v3.contains($0) }
        total(ids.count)
        let picked = ContinuousClock.now - picking
        let selection: RefreshEngine.Selection = target == .due ? .due : .all(since: clock.now())
        let started = ContinuousClock.now
        var results =
            ids.isEmpty
            ? []
            : try await refreshEngine().refresh(ids, selection: selection, concurrency: concurrency, progress: progress)
        if case .connection(let id) = target, v3.contains(id) { results.append(.noPair(id)) } // named: say why not
        let elapsed = ContinuousClock.now - started
        let missing = await completeMissing(target == .due ? nil : targeted) // what a link could not read (LinkGaps)
        let customers = Dictionary(rows.map { ($0.id, $0.customer) }, uniquingKeysWith: { a, _ in a })
        return RefreshRun(
            results: results.map { ($0, RefreshVerdict($0, customer: customers[$0.connectionId] ?? $0.connectionId)) },
            seconds: elapsed.seconds, pickSeconds: picked.seconds, missing: missing)
    }

    /// The TUI's `r`: one connection now, worded for the status line, with the row afterwards.
    func refreshNews(_ id: String) async throws -> RefreshNews {
        // The engine answers `noPair` for a v3 connection; only an app without a classic client needs
        // the row's kind read first (the engine cannot be built there).
        let result: RefreshResult
        if !configuration.applicationKinds.contains(.classic), try await store.connection(id: id)?.kind == .v3 {
            result = .noPair(id)
        } else {
            result = try await refreshEngine().refresh(connectionId: id, selection: .all(since: clock.now()))
        }
        await completeMissing([id])
        let after = try await store.connection(id: id)?.summary
        return news(result, after: after)
    }

    /// The TUI's background round: every due connection, each worded with its row afterwards.
    /// Connections the engine skipped are left out; when no round can start there is nothing to say.
    func refreshDueNews() async -> [String: Result<RefreshNews, CarportError>] {
        guard let engine = try? refreshEngine(),
            let before = try? await store.refreshCandidates(policy: engine.policy, at: clock.now())
        else { return [:] }
        let finished = await engine.refresh(engine.dueIds(before), selection: .due, concurrency: 4)
            .filter { $0.outcome != .skipped }
        await completeMissing()
        // One read for the whole round; if it fails, every result says why.
        let after: [String: ConnectionSummary]
        do {
            after = Dictionary(
                try await store.connectionSummaries().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        } catch {
            let failure = CarportError.from(error)
            return Dictionary(finished.map { ($0.connectionId, .failure(failure)) }, uniquingKeysWith: { a, _ in a })
        }
        return Dictionary(
            finished.map { ($0.connectionId, .success(news($0, after: after[$0.connectionId]))) },
            uniquingKeysWith: { a, _ in a })
    }

    private func news(_ result: RefreshResult, after: ConnectionSummary?) -> RefreshNews {
        let verdict = RefreshVerdict(result, customer: after?.customer ?? result.connectionId)
        return RefreshNews(connection: after, message: verdict.message, role: verdict.role, error: verdict.error)
    }
}
