import ArgumentParser
import CarportApp
import CarportCore
import Foundation

struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print the fleet's health and the last `refresh --due` in Prometheus' text format.",
        discussion: """
            For node_exporter's textfile collector: connections and vehicles per health state, kind \
            and mode, the shortest refresh runway, the outcomes and the time of the last \
            `carport refresh --due` and of its last run with no failure, and the store's size. \
            --output writes a temporary file beside FILE and renames it over FILE (mode 0644), as \
            the collector requires. No token is opened.
            """)

    @Option(
        help: ArgumentHelp(
            "Write to this file (e.g. /var/lib/prometheus/node-exporter/carport.prom) instead of stdout.",
            valueName: "file"))
    var output: String?

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let text = try await CommandFailure.reporting { try await carport.metricsText() }
        if let output {
            try CommandFailure.reporting { try TextfileWriter.write(text, to: URL(fileURLWithPath: output)) }
        } else {
            for line in text.split(separator: "\n") { Console.print("\(String(line))") }
        }
    }
}
