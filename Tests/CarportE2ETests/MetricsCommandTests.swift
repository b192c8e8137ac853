import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// `carport refresh --due` then `carport metrics` from the real binary; the text must pass
/// Prometheus' own linter, `promtool check metrics` (Debian's `prometheus`; scripts/test installs it).
struct MetricsCommandTests {
    static let promtool = "/usr/bin/promtool"

    @Test func aDueRunIsRecordedAndTheTextPassesPromtool() async throws {
        let due: @Sendable (inout Connection) -> Void = {
            if $0.id == "c1" { $0.pair.accessExpiresAt = Date().addingTimeInterval(60) }
        }
        try await SeededWorld.with(customers: ["Ada", "Ben"], adjust: due) { world in
            let refresh = try await world.run(["refresh", "--due"])
            #expect(refresh.status == 0, "\(refresh.stderr)")
            let metrics = try await world.run(["metrics"])
            #expect(metrics.status == 0 && metrics.stderr.isEmpty, "\(metrics.stderr)")
            let text = metrics.stdout
            #expect(text.contains("\ncarport_refresh_due_last_run_connections{outcome=\"refreshed\"} 1\n"))
            #expect(text.contains("\ncarport_refresh_due_last_run_connections{outcome=\"skipped\"} 0\n"))
            #expect(text.contains("\ncarport_refresh_due_last_success_timestamp_seconds "))
            #expect(text.contains("\ncarport_connections{health=\"healthy\",kind=\"classic\",mode=\"simulated\"} 2\n"))
            for secret in world.secrets() { #expect(!text.contains(secret)) }
            try await Self.expectPromtoolPasses(text, in: world.home)

            let folder = world.home.appendingPathComponent("textfile")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("carport.prom")
            let written = try await world.run(["metrics", "--output", file.path])
            #expect(written.status == 0 && written.stdout.isEmpty && written.stderr.isEmpty, "\(written.stderr)")
            let content = try String(contentsOf: file, encoding: .utf8)
            #expect(Self.families(content) == Self.families(text))
            #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o644)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["carport.prom"])
        }
    }

    /// The `# TYPE` lines, which name every family in order.
    static func families(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
    }

    static func expectPromtoolPasses(_ text: String, in folder: URL) async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: promtool),
            "promtool is missing: apt-get install prometheus (scripts/test does)")
        let input = folder.appendingPathComponent("metrics.txt")
        try text.write(to: input, atomically: true, encoding: .utf8)
        let check = try await ChildProcess.run(
            promtool, ["check", "metrics"], environment: ["PATH": "/usr/bin:/bin"], stdin: input.path)
        #expect(check.status == 0 && check.stdout.isEmpty && check.stderr.isEmpty, "\(check.stdout)\(check.stderr)")
    }
}
