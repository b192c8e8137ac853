import CarportCore
import Foundation
import SmartcarKit

/// Builds an emulator: the state, the router and the HTTP server, not yet listening.
public func buildEmulator(config: EmulatorConfig) async throws -> Emulator {
    let state = EmulatorState(config: config)
    await state.reset()
    let server = try EmulatorServer(config: config, router: EmulatorRouter(state: state, config: config))
    return Emulator(state: state, server: server)
}

/// A running (or ready) local Smartcar. The control methods do what the `/admin` API does.
public final class Emulator: Sendable {
    let state: EmulatorState
    private let server: EmulatorServer

    init(state: EmulatorState, server: EmulatorServer) {
        self.state = state
        self.server = server
    }

    /// Returns once the server listens.
    public func start() async throws { try await server.start() }

    /// `http://127.0.0.1:PORT`, valid after `start()`.
    public var baseURL: URL { server.baseURL }
    /// The emulator's copy of the hosted callback page (`contrib/callback-page/`), registered as a
    /// redirect URI of the app besides `EmulatorConfig.redirectURIs`.
    public var hostedCallbackPage: URL { URL(string: baseURL.absoluteString + HostedCallbackPage.path)! }

    public func stop() async { await server.stop() }

    /// A user with `vehicleCount` vehicles and a fresh token pair, made without Connect.
    public func seedConnection(
        vehicleCount: Int = 1, scopes: [String]? = nil, mode: ConnectMode = .simulated,
        powertrains: [Powertrain] = []
    ) async -> SeededConnection {
        let request = SeedRequest(vehicleCount: vehicleCount, scopes: scopes, mode: mode, powertrains: powertrains)
        guard case .success(let connection) = await state.seed(request) else {
            preconditionFailure("seeding without an email cannot fail")
        }
        return connection
    }

    /// A token pair for a test-account email (docs/EMULATOR.md); nil when that account stands
    /// for a Connect error.
    public func seedConnection(email: String, scopes: [String]? = nil) async -> SeededConnection? {
        try? await state.seed(SeedRequest(scopes: scopes, email: email)).get()
    }

    /// A user whose `vehicleCount` vehicles are connected to the v3 app, made without Connect;
    /// `scopes` become each connection's permissions (all when nil).
    public func seedV3Connection(
        vehicleCount: Int = 1, scopes: [String]? = nil, mode: ConnectMode = .simulated,
        powertrains: [Powertrain] = []
    ) async -> SeededV3Connection {
        let request = SeedRequest(vehicleCount: vehicleCount, scopes: scopes, mode: mode, powertrains: powertrains)
        guard case .success(let connection) = await state.seedV3(request) else {
            preconditionFailure("seeding without an email cannot fail")
        }
        return connection
    }

    /// A test-account email's vehicles (docs/EMULATOR.md) connected to the v3 app; nil when that
    /// account stands for a Connect error.
    public func seedV3Connection(email: String, scopes: [String]? = nil) async -> SeededV3Connection? {
        try? await state.seedV3(SeedRequest(scopes: scopes, email: email)).get()
    }

    /// Ends every v3 connection of `userId`, as the customer's disconnect would; false when none.
    public func disconnectV3User(_ userId: String) async -> Bool { await state.removeV3User(userId) }

    /// v3 lock and unlock answer `202` and finish `commandDuration` seconds later on the emulator's
    /// clock (on), or answer `200` once done (off); `EmulatorConfig.longRunningCommands` is the start.
    public func setLongRunningCommands(_ on: Bool) async { await state.setLongRunningCommands(on) }

    public func counters() async -> EmulatorCounters { await state.currentCounters() }

    public func advanceClock(by seconds: TimeInterval) async { _ = await state.advanceClock(by: seconds) }

    /// The emulator's current time (configured clock plus advances).
    public func now() async -> Date { await state.now() }

    /// Queues a fault. Precondition: it is well formed (the admin API answers 400 instead).
    public func inject(_ fault: EmulatorFault) async {
        if let problem = await state.inject(fault) { preconditionFailure("bad fault: \(problem)") }
    }

    public func clearFaults() async { await state.clearFaults() }

    /// Changes a vehicle's situation (driving, plugged in, doors…); false for an unknown id.
    @discardableResult
    public func updateVehicle(_ id: String, _ patch: VehiclePatch) async -> Bool {
        await state.patchVehicle(id, patch)
    }

    public func vehicles() async -> [VehicleSummary] { await state.vehicleSummaries() }

    /// Revokes the whole token family an access or refresh token belongs to.
    @discardableResult
    public func revokeFamily(ofToken token: Secret) async -> Bool {
        await state.revokeFamily(ofToken: token.reveal())
    }

    /// Invalidates an access token before it expires (its refresh token keeps working): API calls
    /// with it answer 401 AUTHENTICATION.
    @discardableResult
    public func invalidateAccessToken(_ token: Secret) async -> Bool {
        await state.invalidateAccessToken(token.reveal())
    }

    /// Invalidates an app token before it expires, as a server that dropped it early: v3 calls with
    /// it answer 401 AUTHENTICATION and the client fetches another. False for an unknown token.
    @discardableResult
    public func invalidateAppToken(_ token: Secret) async -> Bool {
        await state.invalidateAppToken(token.reveal())
    }

    public func setAppRateLimit(_ bucket: RateBucketConfig?) async { await state.setAppRateLimit(bucket) }

    /// Forgets every user, vehicle, token and fault, then seeds the demo world again.
    public func reset() async { await state.reset() }
}
