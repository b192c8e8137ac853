import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// The real binary on two machines (homes with copies of one key) sharing a PostgreSQL store,
/// against the emulator with no grace window: any refresh token sent twice is caught, and revokes
/// its family (docs/TEAM-STORE.md, "Tests").
@Suite(.serialized) struct TeamStoreRefreshTests {
    @Test func eightRefreshersOnTwoMachinesNeverReuseAToken() async throws {
        try await EmulatorRig.with(refreshGrace: 0, team: true) { rig in
            let ids = try await rig.seedStore(count: 24)
            try rig.prepare(machine: 1)
            let children = try (0..<8).map { try rig.spawnCarport(["refresh", "--all"], machine: $0 % 2) }
            for child in children {
                let result = await child.wait()
                #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
            }
            let counters = await rig.emulator.counters()
            #expect(counters.reuseDetections == 0 && counters.familyRevocations == 0)
            #expect(counters.refreshes >= ids.count)
            try await Self.expectEveryPairLive(rig, ids)
        }
    }

    /// Killed at random moments, on either machine: nothing is lost outside the window between
    /// Smartcar's answer and its commit, and what is lost there is reported by the next run.
    @Test func sigkillAtRandomMomentsLosesOnlyAnsweredInFlightRefreshes() async throws {
        try await EmulatorRig.with(refreshGrace: 0, team: true) { rig in
            let ids = try await rig.seedStore(count: 6)
            try rig.prepare(machine: 1)
            var random = SeededGenerator.forTest("teamSigkill")
            var caught = 0
            var lost = 0
            // Six runs: each kill leaves a lease that holds the next refresh off for up to 15 s.
            for run in 0..<6 {
                let granted = Int.random(in: 0...ids.count, using: &random)
                let before = await rig.emulator.counters().refreshes
                let child = try rig.spawnCarport(["refresh", "--all", "--concurrency", "3"], machine: run % 2)
                try await poll(until: "run \(run): \(granted) granted or ended", timeout: .seconds(60)) {
                    await rig.emulator.counters().refreshes - before >= granted || child.hasExited()
                }
                child.signal(SIGKILL)
                _ = await child.wait()
                let store = try await rig.openStore()
                let inFlight = Set(
                    try await store.connections().filter { $0.lastRefresh?.outcome == .inFlight }.map(\.id))
                // The other machine refreshes next: a killed holder's lease holds it off for at most 15 s.
                let next = await (try rig.spawnCarport(["refresh", "--all"], machine: (run + 1) % 2)).wait()
                let after = try await store.connections()
                for row in after where row.reauthReason != nil {
                    #expect(inFlight.contains(row.id), "run \(run): \(row.id) died outside an in-flight refresh")
                    try await store.replaceTokens(
                        connectionId: row.id, tokens: await rig.seedPair(),
                        audit: Fixture.audit("reauth", connection: row.id))
                    lost += 1
                }
                for id in inFlight {
                    #expect(next.stdout.contains("\(id) (ACME): an earlier refresh"), "run \(run): \(next.stdout)")
                }
                #expect([0, 4].contains(next.status), "run \(run): \(next.stdout)\(next.stderr)")
                caught += inFlight.count
                try await store.close()
            }
            // Each loss is the one resend of a token whose answer died with its process.
            let counters = await rig.emulator.counters()
            #expect(counters.familyRevocations == lost && counters.reuseDetections == lost)
            print(
                "team SIGKILL runs: 6 (seed \(random.seed)), caught in flight: \(caught), lost after the answer: \(lost)"
            )
            try await Self.expectEveryPairLive(rig, ids)
        }
    }

    /// The database restarts (as after a crash) in the middle of a `refresh --all`: the run ends
    /// with clear errors for what it could not store, no refresh token is sent twice, no pair is
    /// lost, and the next run leaves every connection healthy.
    @Test func aDatabaseRestartMidRefreshLosesNoPair() async throws {
        try await EmulatorRig.with(refreshGrace: 0, latency: 0.1, team: true) { rig in
            let ids = try await rig.seedStore(count: 30)
            let database = try #require(rig.database)
            let before = await rig.emulator.counters().refreshes
            let child = try rig.spawnCarport(["refresh", "--all", "--concurrency", "4"])
            try await poll(until: "a third of the refreshes granted", timeout: .seconds(60)) {
                await rig.emulator.counters().refreshes - before >= ids.count / 3 || child.hasExited()
            }
            let midRun = !child.hasExited()
            try await database.restartServer()
            let first = await child.wait()
            #expect(midRun, "the run ended before the restart: \(first.stdout)")
            // Pairs whose commit met the restart are committed by the retries; a refresh that
            // could not start is reported and keeps its pair.
            #expect([0, 3].contains(first.status), "\(first.stdout)\(first.stderr)")
            #expect(first.stdout.contains(" 0 need re-auth, 0 answer lost"), "\(first.stdout)")
            #expect(
                !first.stderr.contains("Fatal error") && !first.stderr.contains("Program crashed"), "\(first.stderr)")
            let second = await (try rig.spawnCarport(["refresh", "--all"])).wait()
            #expect(
                second.status == 0, "first: \(first.stdout)\(first.stderr)\nsecond: \(second.stdout)\(second.stderr)")
            let counters = await rig.emulator.counters()
            #expect(counters.reuseDetections == 0 && counters.familyRevocations == 0)
            try await Self.expectEveryPairLive(rig, ids)
        }
    }

    /// Every stored pair is the live one: refreshing each again succeeds, and no token is reused.
    static func expectEveryPairLive(_ rig: EmulatorRig, _ ids: [String]) async throws {
        let store = try await rig.openStore()
        let rows = try await store.connections()
        #expect(rows.count == ids.count)
        #expect(rows.allSatisfy { HealthPolicy.standard.health(of: $0, at: Date()) == .healthy })
        let engine = RefreshEngine(store: store, api: try rig.client(), clock: SystemClock())
        let reused = await rig.emulator.counters().reuseDetections
        let again = await engine.refresh(ids, selection: .all(since: Date()), concurrency: 8)
        #expect(again.allSatisfy { $0.outcome == .refreshed }, "\(again.map { $0.message ?? "" })")
        #expect(await rig.emulator.counters().reuseDetections == reused)
        try await store.close()
    }
}
