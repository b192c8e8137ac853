import CarportApp
import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import SmartcarKit

/// The emulator on loopback plus a Carport home whose store holds connections seeded in it, and
/// the real `carport` binary pointed at both. With `team`, the store is a PostgreSQL database of
/// its own, and `machine: 1` is a second home holding a copy of the key (another server).
struct EmulatorRig {
    let emulator: Emulator
    let root: URL
    let database: TeamDatabase?

    /// Runs `body` with a fresh rig; afterwards the emulator is stopped (awaited) and the home
    /// removed, also when `body` throws.
    static func with<Result>(
        refreshGrace: TimeInterval, latency: TimeInterval = 0, team: Bool = false,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EmulatorRig) async throws -> Result
    ) async throws -> Result {
        var config = EmulatorConfig(refreshGrace: refreshGrace, seedDemoWorld: false)
        config.latency = latency
        let root = try CarportBinary.temporaryHome()
        let database = team ? try await TeamDatabase.create() : nil
        return try await withCleanup {
            try await withEmulator(config) { emulator in
                try await body(EmulatorRig(emulator: emulator, root: root, database: database))
            }
        } cleanup: {
            await database?.drop()
            try? FileManager.default.removeItem(at: root)
        }
    }

    /// Machine 0's home is the rig's root; machine N's a folder in it.
    func home(machine: Int) -> URL { machine == 0 ? root : root.appendingPathComponent("machine-\(machine)") }

    var files: StoreFiles { files(machine: 0) }

    func files(machine: Int) -> StoreFiles { StoreFiles(home: home(machine: machine).appendingPathComponent("data")) }

    var environment: [String: String] { environment(machine: 0) }

    func environment(machine: Int) -> [String: String] {
        CarportBinary.environment(
            home: home(machine: machine),
            extra: [
                "SMARTCAR_CLIENT_ID": EmulatorConfig.demoClientId,
                "SMARTCAR_CLIENT_SECRET": EmulatorConfig.demoClientSecret,
                "SMARTCAR_AUTH_ORIGIN": emulator.baseURL.absoluteString,
                "SMARTCAR_API_ORIGIN": emulator.baseURL.absoluteString,
            ].merging(database?.environment ?? [:]) { $1 })
    }

    func openStore() async throws -> any StoreBackend {
        try await CarportApp.openStore(
            Configuration.load(environment: environment, readFile: { _ in nil }), clock: SystemClock(),
            osUser: "tester")
    }

    /// Gives machine N a copy of machine 0's key, as an operator sets up a second server.
    func prepare(machine: Int) throws {
        let target = files(machine: machine)
        try FileManager.default.createDirectory(
            at: target.home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try? FileManager.default.removeItem(at: target.key)
        try FileManager.default.copyItem(at: files.key, to: target.key)
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
        let store = try await openStore()
        var ids: [String] = []
        for index in 0..<count {
            let id = "\(prefix)-\(index)"
            let seeded = await emulator.seedConnection(vehicleCount: 1, scopes: ["read_odometer"])
            let (connection, vehicles) = await emulator.storedConnection(
                seeded, id: id, customer: "ACME", scopes: ["read_odometer"], issuedAt: Date().addingTimeInterval(-age))
            _ = try await store.insert(connection, vehicles: vehicles, audit: Fixture.audit("connect", connection: id))
            ids.append(id)
        }
        try await store.close()
        return ids
    }

    func spawnCarport(_ arguments: [String], machine: Int = 0) throws -> ChildProcess {
        try ChildProcess.spawn(CarportBinary.path, arguments, environment: environment(machine: machine))
    }
}
