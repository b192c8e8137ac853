import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

@testable import CarportStore

/// The real binary against the emulator (grace window 0, so any reuse of a refresh token is
/// detected and revokes the family).
@Suite(.serialized) struct MultiProcessRefreshTests {
    @Test func eightProcessesRefreshingAllAtOnceNeverReuseAToken() async throws {
        try await EmulatorRig.with(refreshGrace: 0) { rig in
            let ids = try await rig.seedStore(count: 24)
            let children = try (0..<8).map { _ in try rig.spawnCarport(["refresh", "--all"]) }
            var results: [ChildProcess.Result] = []
            for child in children { results.append(await child.wait()) }
            for result in results { #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)") }

            let counters = await rig.emulator.counters()
            #expect(counters.reuseDetections == 0)
            #expect(counters.familyRevocations == 0)
            #expect(counters.refreshes >= ids.count)
            let store = try await rig.openStore()
            let rows = try await store.connections()
            #expect(rows.count == ids.count)
            #expect(rows.allSatisfy { HealthPolicy.standard.health(of: $0, at: Date()) == .healthy })
            // Every stored pair is the live one: refreshing each again succeeds.
            let engine = RefreshEngine(store: store, api: try rig.client(), clock: SystemClock())
            let again = await engine.refresh(ids, selection: .all(since: Date()), concurrency: 8)
            #expect(again.allSatisfy { $0.outcome == .refreshed })
            #expect(await rig.emulator.counters().reuseDetections == 0)
            try await store.close()
        }
    }

    @Test func sigkillAtRandomMomentsLosesOnlyAnsweredInFlightRefreshesAndReportsThem() async throws {
        try await EmulatorRig.with(refreshGrace: 0) { rig in
            let ids = try await rig.seedStore(count: 6)
            // The moments are drawn from a printed seed; CARPORT_TEST_SEED replays a failing draw.
            var random = SeededGenerator.forTest("sigkillAtRandomMoments")
            var interruptions = 0
            var losses = 0
            for run in 0..<50 {
                // Killed right after the emulator granted `granted` refreshes of this run (0: while it
                // starts), so the kill lands between an answer and its commit as often as it can.
                let granted = Int.random(in: 0...ids.count, using: &random)
                let before = await rig.emulator.counters().refreshes
                let child = try rig.spawnCarport(["refresh", "--all", "--concurrency", "3"])
                try await poll(
                    until: "run \(run): \(granted) refresh(es) granted or the child ended", timeout: .seconds(60)
                ) {
                    await rig.emulator.counters().refreshes - before >= granted || child.hasExited()
                }
                child.signal(SIGKILL)
                _ = await child.wait()

                let store = try await rig.openStore()
                #expect(try await store.integrityCheck() == "ok", "run \(run)")
                let rows = try await store.connections()
                #expect(rows.count == ids.count, "run \(run): no row is ever lost")
                let inFlight = Set(rows.filter { $0.lastRefresh?.outcome == .inFlight }.map(\.id))
                try await store.close()

                let recovery = await (try rig.spawnCarport(["refresh", "--all"])).wait()
                let reopened = try await rig.openStore()
                let after = try await reopened.connections()
                let dead = after.filter { $0.reauthReason != nil }
                for id in inFlight {
                    #expect(
                        recovery.stdout.contains("\(id) (ACME): an earlier refresh"), "run \(run): \(recovery.stdout)")
                }
                for row in dead {
                    #expect(inFlight.contains(row.id), "run \(run): \(row.id) died outside an in-flight refresh")
                    #expect(row.reauthReason?.contains("earlier refresh may have spent") == true)
                    #expect(recovery.status == 4)
                    // The operator reconnects the customer: a fresh pair from the emulator.
                    try await reopened.replaceTokens(
                        connectionId: row.id, tokens: await rig.seedPair(),
                        audit: Fixture.audit("reauth", connection: row.id))
                }
                if dead.isEmpty { #expect(recovery.status == 0, "run \(run): \(recovery.stdout)\(recovery.stderr)") }
                #expect(
                    after.filter { $0.reauthReason == nil }.allSatisfy {
                        HealthPolicy.standard.health(of: $0, at: Date()) == .healthy
                    })
                interruptions += inFlight.count
                losses += dead.count
                try await reopened.close()
            }
            print(
                "SIGKILL runs: 50 (seed \(random.seed)), refreshes caught in flight: \(interruptions), lost after the server answered: \(losses)"
            )
        }
    }
}
