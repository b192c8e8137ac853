import Foundation

/// Vehicle API v3 for an application with API credentials (docs/SMARTCAR.md §10): one application
/// token for every user and vehicle, and `sc-user-id` naming the Smartcar user on each call.
/// SmartcarKit's `LiveSmartcarV3Client` implements it. Every method throws `CarportError`; a 401
/// to the application token is kind `.appTokenRejected` (details' `statusCode` 401): fetch a new
/// token once and call again (`AppTokenCache.withToken`).
public protocol SmartcarV3API: Sendable {
    /// `client_credentials` at the IAM origin; the expiry counts from when the request was sent.
    /// Bad API credentials are a `.configuration` error naming the settings.
    func appToken() async throws -> AppToken

    /// Every connection (one per vehicle) of `userId`, all pages read, newest first.
    func connections(userId: String, appToken: Secret) async throws -> [SmartcarV3Connection]
    func vehicle(_ vehicleId: String, userId: String, appToken: Secret) async throws -> SmartcarV3Vehicle

    /// Every signal of the vehicle Carport reads, all pages: one request for the live data.
    func signals(vehicleId: String, userId: String, appToken: Secret) async throws -> SignalReadings
    /// One signal, e.g. `closure-islocked` while a long-running command runs. An unknown or empty
    /// signal is an error (404), not an empty answer.
    func signal(_ code: SignalCode, vehicleId: String, userId: String, appToken: Secret) async throws
        -> SignalReadings

    /// `POST …/commands/security/lock|unlock`, waiting up to `RetryPolicy.commandTimeout`. Sent
    /// again only when it cannot have reached Smartcar; a failed execution is thrown.
    func security(_ action: SecurityAction, vehicleId: String, userId: String, appToken: Secret) async throws
        -> V3CommandOutcome
    /// `DELETE /connections/{connectionId}`: ends this app's access to that vehicle for the user.
    func disconnect(connectionId: String, userId: String, appToken: Secret) async throws
}

/// One vehicle one Smartcar user connected to the v3 app (`GET /v3/connections`): its own id,
/// distinct from the vehicle's, and the permissions the user granted.
public struct SmartcarV3Connection: Sendable, Equatable {
    public var id: String
    public var vehicleId: String
    public var userId: String
    public var permissions: [String]
    /// From the connection's vehicle summary, when Smartcar sent one.
    public var vehicle: SmartcarV3Vehicle?

    public init(
        id: String, vehicleId: String, userId: String, permissions: [String], vehicle: SmartcarV3Vehicle? = nil
    ) {
        self.id = id
        self.vehicleId = vehicleId
        self.userId = userId
        self.permissions = permissions
        self.vehicle = vehicle
    }
}

/// A vehicle as v3 describes it (`GET /v3/vehicles/{id}`).
public struct SmartcarV3Vehicle: Sendable, Equatable {
    public var id: String
    public var make: String?
    public var model: String?
    /// nil when absent or outside 1886–2200, like `Vehicle.unknownYear`'s rule.
    public var year: Int?
    /// `BEV`, `PHEV`, `HEV`, `ICE`…, as Smartcar spells it.
    public var powertrainType: String?
    /// `live`, `simulated` (or `test`), as Smartcar spells it.
    public var mode: String?

    public init(
        id: String, make: String? = nil, model: String? = nil, year: Int? = nil, powertrainType: String? = nil,
        mode: String? = nil
    ) {
        self.id = id
        self.make = make
        self.model = model
        self.year = year
        self.powertrainType = powertrainType
        self.mode = mode
    }
}

/// How a v3 command ended: done (HTTP 200), or accepted and still running (HTTP 202), which only
/// a later read of the signal it changes can confirm (docs/SMARTCAR.md §10.4).
public enum V3CommandOutcome: Sendable, Equatable {
    case done(CommandExecution)
    case accepted(CommandExecution)
}

/// Smartcar's record of one command (`command-execution`); every field may be missing.
public struct CommandExecution: Sendable, Equatable {
    public var id: String?
    /// `status.value`: `SUCCESS` on a 200; something else while running.
    public var status: String?
    public var requestId: String?

    public init(id: String? = nil, status: String? = nil, requestId: String? = nil) {
        self.id = id
        self.status = status
        self.requestId = requestId
    }
}
