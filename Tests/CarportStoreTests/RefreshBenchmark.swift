import CarportCore
import CarportTestSupport
import Foundation
import GRDB
import SmartcarEmulator
import Testing

@testable import CarportStore

/// Figures, not a timed test: runs only with CARPORT_BENCH=1 (see scripts/bench-refresh).
/// 1. open a store of 10,000 connections and compute every health state;
/// 2. `carport refresh --due` on 1,000 due connections against the emulator;
/// 3. the official Python SDK refreshing 1,000 other pairs in a sequential loop, same emulator.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CARPORT_BENCH"] == "1"))
struct RefreshBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    static let dueCount = Int(environment["CARPORT_BENCH_COUNT"] ?? "") ?? 1000
    /// CARPORT_BENCH_LATENCY_MS: every emulator answer waits this long, as over a network.
    static let latency = (Double(environment["CARPORT_BENCH_LATENCY_MS"] ?? "") ?? 0) / 1000

    @Test func figures() async throws {
        try await EmulatorRig.with(refreshGrace: 60, latency: Self.latency) { rig in
            if Self.latency > 0 {
                print(
                    String(format: "bench: every emulator answer waits %.0f ms, as over a network", Self.latency * 1000)
                )
            }
            let due = try await loadStore(rig)

            try await printOpenFigures(rig)

            let refreshesBefore = await rig.emulator.counters().refreshes
            let emulatorCPUBefore = Self.processCPUSeconds()
            let carportStart = Date()
            let concurrency = Self.environment["CARPORT_BENCH_CONCURRENCY"] ?? "8"
            let wrap = Self.environment["CARPORT_BENCH_WRAP"].map { $0.split(separator: " ").map(String.init) } ?? []
            let args = ["refresh", "--due", "--concurrency", concurrency]
            // CARPORT_BENCH_WRAP="perf record -g -o FILE" (or strace -f -c…) profiles the refresh run.
            let child =
                wrap.isEmpty
                ? try rig.spawnCarport(args)
                : try ChildProcess.spawn(
                    wrap[0], Array(wrap.dropFirst()) + [CarportBinary.path] + args, environment: rig.environment)
            let result = await child.wait(timeout: 600)
            let carportSeconds = Date().timeIntervalSince(carportStart)
            let emulatorCPU = Self.processCPUSeconds() - emulatorCPUBefore
            let refreshed = await rig.emulator.counters().refreshes - refreshesBefore
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(refreshed == due)
            let said = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
            // "… in 0.27 s (picked in 0.01 s).": the refresh phase, after the process picked what is due.
            let phase = said.range(of: #"in [0-9.]+ s \("#, options: .regularExpression).map { said[$0] }
            let phaseSeconds = phase.flatMap { Double($0.dropFirst(3).dropLast(4)) } ?? .nan // "in " and " s ("
            print(
                "bench: carport refresh --due --concurrency \(concurrency), "
                    + String(
                        format:
                            "%d refreshes (each pair committed durably): %.3f s for the command, %.3f s refreshing (%.2f ms each)",
                        refreshed, carportSeconds, phaseSeconds, phaseSeconds * 1000 / Double(max(refreshed, 1))))
            print("bench: carport said: \(said)")
            print(
                String(format: "bench: the emulator (in this process) used %.3f s of CPU answering them", emulatorCPU))

            let sdkSeconds = try await pythonBaseline(rig)
            print(
                String(
                    format: "bench: Python SDK 6.19.1 sequential loop, %d refreshes: %.3f s (%.2f ms each)",
                    due, sdkSeconds, sdkSeconds * 1000 / Double(due)))
            print(
                String(
                    format: "bench: carport / SDK = %.3f for the command, %.3f refreshing (target <= 0.10)",
                    carportSeconds / sdkSeconds, phaseSeconds / sdkSeconds))
        }
    }

    /// Opening the store and computing every health state from summaries, then reading every row.
    private func printOpenFigures(_ rig: EmulatorRig) async throws {
        let openStart = Date()
        let store = try await rig.openStore()
        let summaries = try await store.connectionSummaries()
        let now = Date()
        let health = summaries.map { HealthPolicy.standard.health(of: $0.state, at: now) }
        let openSeconds = Date().timeIntervalSince(openStart)
        let fullStart = Date()
        let rows = try await store.connections()
        let fullSeconds = Date().timeIntervalSince(fullStart)
        try await store.close()
        print(
            String(
                format:
                    "bench: open store of %d connections + every health state: %.3f s (reading every row with its secrets opened: %.3f s more)",
                summaries.count, openSeconds, fullSeconds))
        print(
            "bench: health counts: \(Dictionary(grouping: health, by: \.rawValue).mapValues(\.count)), rows \(rows.count)"
        )
    }

    /// 10,000 connections in one transaction, `dueCount` of them seeded in the emulator with
    /// access tokens already expired. Returns how many are due.
    private func loadStore(_ rig: EmulatorRig) async throws -> Int {
        let store = try await rig.openStore()
        var connections: [Connection] = []
        let now = Date()
        for index in 0..<10_000 {
            let seeded = index < Self.dueCount
            let tokens =
                seeded
                ? await rig.seedPair(age: 7200)
                : TokenPair(
                    accessToken: Secret("idle-access-\(index)"), refreshToken: Secret("idle-refresh-\(index)"),
                    expiresIn: 7200, issuedAt: now)
            connections.append(
                Connection(
                    id: "bench-\(index)", smartcarUserId: "user-\(index)", customer: "Customer \(index % 97)",
                    mode: .simulated, scopes: ["read_odometer"], tokens: tokens,
                    createdAt: now, updatedAt: now))
        }
        try await store.importConnections(
            connections.map { LinkedConnection(connection: $0, vehicles: []) },
            audit: AuditEntry(
                at: now, osUser: "bench", action: "seed", connectionId: nil, vehicleId: nil, outcome: "ok",
                detail: nil))
        try await store.close()
        return Self.dueCount
    }

    /// User plus system CPU time of this process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Seeds `dueCount` pairs, hands them to the SDK script, returns its loop time.
    private func pythonBaseline(_ rig: EmulatorRig) async throws -> Double {
        var lines = ""
        for _ in 0..<Self.dueCount { lines += (await rig.seedPair()).refreshToken.reveal() + "\n" }
        let tokens = rig.root.appendingPathComponent("sdk-tokens")
        try StoreFiles.writeDurably(Data(lines.utf8), to: tokens)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/bench/sdk_refresh_loop.py").standardized.path
        let python = Self.environment["CARPORT_BENCH_PYTHON"] ?? "python3"
        var env = rig.environment
        env["SMARTCAR_AUTH_ORIGIN"] = rig.emulator.baseURL.appendingPathComponent("oauth/token").absoluteString
        env["SMARTCAR_REDIRECT_URI"] = EmulatorConfig.demoRedirectURIs[0]
        let result = await (try ChildProcess.spawn(python, [script, tokens.path], environment: env)).wait(timeout: 900)
        guard result.status == 0, let figure = result.stdout.split(separator: " ").first?.split(separator: "=").last,
            let seconds = Double(figure)
        else {
            throw CarportError(.internal, "the SDK loop failed: \(result.stdout)\(result.stderr)")
        }
        return seconds
    }
}
