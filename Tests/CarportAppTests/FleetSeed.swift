import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// Not a check: seeds the store in CARPORT_BENCH_FLEET_HOME with CARPORT_BENCH_FLEET_COUNT
/// connections of `SyntheticFleet` through the store's own bulk import, for `scripts/bench-fleet`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CARPORT_BENCH_FLEET_HOME"] != nil))
struct FleetSeed {
    @Test func seed() async throws {
        let environment = ProcessInfo.processInfo.environment
        let home = try #require(environment["CARPORT_BENCH_FLEET_HOME"])
        let count = Int(environment["CARPORT_BENCH_FLEET_COUNT"] ?? "") ?? 100_000
        let carport = try await buildCarport(environment: ["CARPORT_HOME": home, "PATH": environment["PATH"] ?? ""])
        let fleet = SyntheticFleet.make(count: count, at: carport.clock.now())
        for start in stride(from: 0, to: fleet.count, by: 10_000) {
            let batch = Array(fleet[start..<min(start + 10_000, fleet.count)])
            try await carport.store.importConnections(batch, audit: carport.audit("seed", detail: "\(batch.count)"))
        }
        try await carport.store.close()
        print("bench: seeded \(count) connections into \(home)")
    }
}
