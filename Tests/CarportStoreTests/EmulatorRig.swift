import CarportApp
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

    /// Runs `body` with a fresh rig; afterwards the emulator is stopped (awaited) and the home
    /// removed, also when `body` throws.
    static func with<Result>(
        refreshGrace: TimeInterval, latency: TimeInterval = 0,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EmulatorRig) async throws -> Result
    ) async throws -> Result {
        var config = EmulatorConfig(refreshGrace: refreshGrace, seedDemoWorld: false)
        config.latency = latency
        let root = try CarportBinary.temporaryHome()
        return try await withCleanup {
            try await withEmulator(config) { emulator in try await body(EmulatorRig(emulator: emulator, root: root)) }
        } cleanup: {
            try? FileManager.default.removeItem(at: root)
        }
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
            let seeded = await emulator.seedConnection(vehicleCount: 1, scopes: ["read_odometer"])
            let (connection, vehicles) = await emulator.storedConnection(
                seeded, id: id, customer: "ACME", scopes: ["read_odometer"], issuedAt: Date().addingTimeInterval(-age))
            _ = try await store.insert(connection, vehicles: vehicles, audit: Fixture.audit("connect", connection: id))
            ids.append(id)
        }
        return ids
    }

    func spawnCarport(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess.spawn(CarportBinary.path, arguments, environment: environment)
    }
}
