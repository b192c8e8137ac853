import CarportCore
import CarportStore
import Foundation

/// `carport metrics`: the fleet's health and the last `refresh --due` run as Prometheus text, for
/// node_exporter's textfile collector (README, "Metrics"). Names follow Prometheus' rules: the
/// `carport_` prefix, the unit last, every value a gauge (each one a state at the time of writing).
public struct Metrics: Sendable {
    var tally: FleetTally
    var lastDueRun: RefreshDueRecord?
    /// The bytes of the database and its -wal and -shm files.
    var storeBytes: Int

    public var text: String {
        var text = PrometheusText()
        text.family(
            "carport_connections", .gauge, help: "Connections per health state, kind and mode.",
            Self.perState(tally.connections))
        text.family(
            "carport_vehicles", .gauge, help: "Vehicles per health state of their connection, kind and mode.",
            Self.perState(tally.vehicles))
        text.family(
            "carport_refresh_runway_shortest_seconds", .gauge,
            help: "Seconds until the soonest refresh token dies, over connections that do not need re-authentication.",
            ConnectMode.allCases.compactMap { mode in
                tally.shortestRunway[mode].map {
                    .init([("kind", ApplicationKind.classic.rawValue), ("mode", mode.rawValue)], $0.rounded(.down))
                }
            })
        addLastDueRun(to: &text)
        text.family(
            "carport_store_size_bytes", .gauge, help: "Bytes of the store on disk (database, -wal and -shm files).",
            [.init(Double(storeBytes))])
        return text.text
    }

    private func addLastDueRun(to text: inout PrometheusText) {
        guard let run = lastDueRun else { return }
        text.family(
            "carport_refresh_due_last_run_connections", .gauge,
            help: "Connections per outcome in the last `carport refresh --due`.",
            RefreshResult.Outcome.allCases.map {
                .init([("outcome", $0.rawValue)], Double(run.outcomes[$0.rawValue] ?? 0))
            })
        text.family(
            "carport_refresh_due_last_run_timestamp_seconds", .gauge,
            help: "Unix time at which the last `carport refresh --due` ended.",
            [.init(run.finishedAt.timeIntervalSince1970.rounded(.down))])
        text.family(
            "carport_refresh_due_last_success_timestamp_seconds", .gauge,
            help: "Unix time at which the last `carport refresh --due` with no failed connection ended.",
            run.lastSuccessAt.map { [.init($0.timeIntervalSince1970.rounded(.down))] } ?? [])
    }

    /// Every health state, kind (`classic`: a token pair; `v3`: a v3 app's connection) and mode,
    /// zeros included, so a series never vanishes when its count does.
    static func perState(_ counts: [FleetTally.Key: Int]) -> [PrometheusText.Sample] {
        Health.severityOrder.flatMap { health in
            ApplicationKind.allCases.flatMap { kind in
                ConnectMode.allCases.map { mode in
                    .init(
                        [("health", health.rawValue), ("kind", kind.rawValue), ("mode", mode.rawValue)],
                        Double(counts[FleetTally.Key(health: health, kind: kind, mode: mode)] ?? 0))
                }
            }
        }
    }
}
