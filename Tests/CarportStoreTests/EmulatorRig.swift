import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import SmartcarKit

/// The emulator on loopback plus a Carport home whose store holds connections seeded in it, and
/// the real `carport` binary pointed at both.
struct EmulatorRig {
    let emulator: Emulator
    let root: URL

    static func start(refreshGrace: TimeInterval, latency: TimeInterval = 0) async throws -> EmulatorRig {
        var config = EmulatorConfig(refreshGrace: refreshGrace, seedDemoWorld: false)
        config.latency = latency
        let emulator = try await buildEmulator(config: config)
        try await emulator.start()
        return EmulatorRig(emulator: emulator, root: try CarportBinary.temporaryHome())
    }

    func stop() async {
        await emulator.stop()
        try? FileManager.default.removeItem(at: root)
    }

    var files: StoreFiles { StoreFiles(home: root.appendingPathComponent("data")) }

    var environment: [String: String] {
        CarportBinary.environment(
            home: root,
            extra: [
                "SMARTCAR_CLIENT_ID": EmulatorConfig.demoClientId,
                "SMARTCAR_CLIENT_SECRET": EmulatorConfig.demoClientSecret,
                "SMARTCAR_AUTH_ORIGIN": emulator.baseURL.absoluteString,
                "SMARTCAR_API_ORIGIN": emulator.baseURL.absoluteString,
            ])
    }

    func openStore() throws -> SQLiteConnectionStore {
        try SQLiteConnectionStore.open(files: files, clock: SystemClock(), osUser: "tester")
    }

    /// A client for this emulator, as the binary builds it.
    func client() throws -> LiveSmartcarClient {
        try LiveSmartcarClient(configuration: Configuration.load(environment: environment, readFile: { _ in nil }))
    }

    /// A fresh emulator pair, as if issued `age` seconds ago (so `--due` picks it when old enough).
    func seedPair(age: TimeInterval = 0) async -> TokenPair {
        let seeded = await emulator.seedConnection(vehicleCount: 1)
        return TokenPair(
            accessToken: seeded.tokens.accessToken, refreshToken: seeded.tokens.refreshToken,
            expiresIn: seeded.tokens.expiresIn, issuedAt: Date().addingTimeInterval(-age))
    }

    /// Stores `count` connections seeded in the emulator; returns their ids.
    func seedStore(count: Int, prefix: String = "conn", age: TimeInterval = 0) async throws -> [String] {
        let store = try openStore()
        defer { try? store.close() }
        var ids: [String] = []
        for index in 0..<count {
            let id = "\(prefix)-\(index)"
            let now = Date()
            let connection = Connection(
                id: id, smartcarUserId: "user-\(id)", customer: "ACME", mode: .simulated,
                scopes: ["read_odometer"], tokens: await seedPair(age: age),
                createdAt: now, updatedAt: now)
            _ = try await store.insert(connection, vehicles: [], audit: Fixture.audit("connect", connection: id))
            ids.append(id)
        }
        return ids
    }

    func spawnCarport(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess.spawn(CarportBinary.path, arguments, environment: environment)
    }
}
