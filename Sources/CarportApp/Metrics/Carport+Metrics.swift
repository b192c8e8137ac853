import CarportCore
import CarportStore
import Foundation

extension Carport {
    /// The text of `carport metrics`, read through the store's streaming reads (docs/CODEBASE.md,
    /// "Fleet scale"): no token is opened and nothing is kept per row.
    public func metricsText() async throws -> String {
        var tally = FleetTally(at: clock.now())
        for connection in try await store.connectionSummaries() { tally.count(connection: connection) }
        try await store.forEachFleetRow { _, connection in tally.count(vehicleOf: connection) }
        let lastDueRun = try store.files.readRefreshDueRecord()
        return Metrics(tally: tally, lastDueRun: lastDueRun, storeBytes: try await store.sizeInBytes() ?? 0).text
    }

    /// Records a finished `carport refresh --due` for `carport metrics`: its outcomes, when it
    /// ended, and, when nothing failed (exit code 0), that it succeeded.
    public func recordDueRun(_ run: RefreshRun) throws {
        let files = store.files
        let now = clock.now()
        var outcomes = Dictionary(uniqueKeysWithValues: RefreshResult.Outcome.allCases.map { ($0.rawValue, 0) })
        for (result, _) in run.results { outcomes[result.outcome.rawValue, default: 0] += 1 }
        // A damaged record is replaced; only its last success is lost.
        let previous = try? files.readRefreshDueRecord()
        try files.writeRefreshDueRecord(
            RefreshDueRecord(
                finishedAt: now, outcomes: outcomes, lastSuccessAt: run.exitCode == 0 ? now : previous?.lastSuccessAt))
    }
}
