import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import Testing

/// Figures, not a timed test: runs only with CARPORT_BENCH=1 (scripts/bench-team-store).
/// `carport refresh --due` over the same number of due connections (1,000), first on the SQLite
/// store and then on the team store, against the emulator on loopback, in one run.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CARPORT_BENCH"] == "1"))
struct TeamStoreBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    static let dueCount = Int(environment["CARPORT_BENCH_COUNT"] ?? "") ?? 1000
    static let concurrency = environment["CARPORT_BENCH_CONCURRENCY"] ?? "8"

    @Test func refreshDueOnBothBackends() async throws {
        var seconds: [Backend: Double] = [:]
        for backend in Backend.allCases {
            seconds[backend] = try await EmulatorRig.with(refreshGrace: 60, team: backend == .postgres) { rig in
                try await Self.seed(rig)
                let before = await rig.emulator.counters().refreshes
                let started = Date()
                let result = await (try rig.spawnCarport(["refresh", "--due", "--concurrency", Self.concurrency]))
                    .wait(timeout: 600)
                let elapsed = Date().timeIntervalSince(started)
                let refreshed = await rig.emulator.counters().refreshes - before
                #expect(result.status == 0 && refreshed == Self.dueCount, "\(result.stdout)\(result.stderr)")
                print(
                    String(
                        format:
                            "bench: %@ store, carport refresh --due --concurrency %@: %d refreshes in %.3f s (%.0f/s)",
                        backend.rawValue, Self.concurrency, refreshed, elapsed, Double(refreshed) / elapsed))
                print("bench: carport said: \(result.stdout.split(separator: "\n").first ?? "")")
                return elapsed
            }
        }
        if let sqlite = seconds[.sqlite], let postgres = seconds[.postgres] {
            print(
                String(format: "bench: PostgreSQL / SQLite = %.2f (wall time of the same command)", postgres / sqlite))
        }
    }

    /// `dueCount` connections whose access tokens expired, seeded in the emulator.
    static func seed(_ rig: EmulatorRig) async throws {
        var batch: [LinkedConnection] = []
        let now = Date()
        for index in 0..<dueCount {
            let tokens = await rig.seedPair(age: 7200)
            batch.append(
                LinkedConnection(
                    connection: Connection(
                        id: "bench-\(index)", smartcarUserId: "user-\(index)", customer: "Customer \(index % 97)",
                        mode: .simulated, scopes: ["read_odometer"], tokens: tokens, createdAt: now, updatedAt: now),
                    vehicles: []))
        }
        let store = try await rig.openStore()
        try await store.importConnections(
            batch, audit: AuditEntry(at: now, osUser: "bench", action: "seed", outcome: "ok"))
        try await store.close()
    }
}
