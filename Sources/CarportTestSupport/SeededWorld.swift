import CarportApp
import CarportCore
import CarportStore
import Foundation
import SmartcarEmulator
import SmartcarKit

/// An emulator on a free loopback port and a real store in a temporary CARPORT_HOME holding
/// connections made from the emulator's seeded users: the setting in which the real `carport`
/// binary is tested.
public struct SeededWorld: Sendable {
    public let emulator: Emulator
    public let home: URL
    public let connections: [Connection]
    public let vehicles: [Vehicle]
    /// The redirect URI the emulator accepts and the binary is configured with.
    public let redirectURI: String
    public static let clientSecret = "CANARY-client-secret-7d41"
    /// The emulator's application management token (`carport reconcile`).
    public static let managementToken = "CANARY-management-token-5e9c"

    /// Starts an emulator (demo world off) and stores one connection per customer with
    /// `vehiclesEach` vehicles. `adjust` may age a connection (e.g. to make it due).
    /// `redirectURI` on a free port lets a `carport connect` catch callbacks beside other tests.
    public static func make(
        customers: [String], vehiclesEach: Int = 1, powertrains: [Powertrain] = [],
        redirectURI: String = EmulatorConfig.demoRedirectURIs[0],
        adjust: @Sendable (inout Connection) -> Void = { _ in }
    ) async throws -> SeededWorld {
        let emulator = try await buildEmulator(
            config: EmulatorConfig(
                clientSecret: clientSecret, redirectURIs: [redirectURI], seedDemoWorld: false,
                managementToken: managementToken))
        try await emulator.start()
        do {
            return try await seed(
                emulator, customers: customers, vehiclesEach: vehiclesEach, powertrains: powertrains,
                redirectURI: redirectURI, adjust: adjust)
        } catch {
            await emulator.stop()
            throw error
        }
    }

    /// Fills a fresh store from `emulator`'s seeded users (the rest of `make`).
    private static func seed(
        _ emulator: Emulator, customers: [String], vehiclesEach: Int, powertrains: [Powertrain],
        redirectURI: String, adjust: @Sendable (inout Connection) -> Void
    ) async throws -> SeededWorld {
        let home = try CarportBinary.temporaryHome()
        let store = try SQLiteConnectionStore.open(
            files: StoreFiles(home: home.appendingPathComponent("data")),
            clock: SystemClock(), osUser: "tester")
        var connections: [Connection] = []
        var vehicles: [Vehicle] = []
        for (index, customer) in customers.enumerated() {
            let seeded = await emulator.seedConnection(
                vehicleCount: vehiclesEach, scopes: Configuration.defaultScopes,
                powertrains: powertrains)
            let (stored, linked) = await emulator.storedConnection(
                seeded, id: "c\(index + 1)", customer: customer, scopes: Configuration.defaultScopes, issuedAt: Date())
            var connection = stored
            adjust(&connection)
            _ = try await store.insert(
                connection, vehicles: linked,
                audit: AuditEntry(
                    at: Date(), osUser: "tester", action: "connect", connectionId: connection.id, outcome: "ok"))
            connections.append(connection)
            vehicles += linked
        }
        try store.close()
        return SeededWorld(
            emulator: emulator, home: home, connections: connections, vehicles: vehicles,
            redirectURI: redirectURI)
    }

    /// The environment that points the binary at this world.
    public var environment: [String: String] {
        let origin = emulator.baseURL.absoluteString
        return CarportBinary.environment(
            home: home,
            extra: [
                "SMARTCAR_CLIENT_ID": EmulatorConfig.demoClientId, "SMARTCAR_CLIENT_SECRET": Self.clientSecret,
                "SMARTCAR_REDIRECT_URI": redirectURI,
                "SMARTCAR_CONNECT_ORIGIN": origin, "SMARTCAR_AUTH_ORIGIN": origin, "SMARTCAR_API_ORIGIN": origin,
                "SMARTCAR_MANAGEMENT_API_ORIGIN": origin, "SMARTCAR_MANAGEMENT_TOKEN": Self.managementToken,
            ])
    }

    /// `environment` with this world's emulator also serving as a v3 app (docs/SMARTCAR.md §10):
    /// the Application ID and API credentials set, so a new Connect is a v3 one.
    public var v3Environment: [String: String] {
        environment.merging(EmulatorConfig.demoV3Settings(origin: emulator.baseURL.absoluteString)) { $1 }
    }

    /// Runs the real `carport` binary in this world.
    public func run(
        _ arguments: [String], extra: [String: String] = [:],
        stdin: String = "/dev/null"
    ) async throws -> ChildProcess.Result {
        try await ChildProcess.run(
            CarportBinary.path, arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    /// Every token this world's store holds, for canary checks.
    public func secrets() -> [String] {
        connections.compactMap(\.tokens).flatMap { [$0.accessToken.reveal(), $0.refreshToken.reveal()] }
            + [Self.clientSecret, Self.managementToken]
    }
}

extension SeededWorld {
    /// The files under this world's home that hold any of `canaries` in clear: none should.
    public func filesHolding(_ canaries: [String]) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: home.path).filter { name in
            guard let bytes = try? Data(contentsOf: home.appendingPathComponent(name)) else { return false }
            return canaries.contains { bytes.range(of: Data($0.utf8)) != nil }
        }
    }
}

extension SeededWorld {
    /// A Smartcar user seeded for this world's v3 app with `vehicleCount` vehicles, linked by
    /// `linker` as Connect's callback would (simulated mode).
    public func linkV3(_ linker: V3Linker, customer: String, vehicleCount: Int = 1) async throws
        -> (seeded: SeededV3Connection, linked: ConnectFlowLinker.Linked)
    {
        let seeded = await emulator.seedV3Connection(vehicleCount: vehicleCount)
        let linked = try await linker.link(
            userId: seeded.userId, .init(customer: customer, mode: .simulated, redirectURI: nil))
        return (seeded, linked)
    }
}
