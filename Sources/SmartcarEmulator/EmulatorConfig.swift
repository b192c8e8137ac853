import CarportCore
import Foundation

/// How an emulator is set up: where it listens, the one registered app, token lifetimes and
/// whether the demo world is seeded. Every field has a default, so `EmulatorConfig()` works.
public struct EmulatorConfig: Sendable {
    public static let demoClientId = "8f3b6c2e-5d41-4a7e-9c1f-2b7d0e4a6c90"
    public static let demoClientSecret = "carport-demo-secret"
    /// The demo application management token (docs/EMULATOR.md), published like the demo secret.
    public static let demoManagementToken = "carport-demo-management-token"
    public static let demoRedirectURIs = ["http://localhost:8765/callback", "http://127.0.0.1:8765/callback"]
    /// The demo v3 app (docs/EMULATOR.md, "API v3 apps"): its Application ID, API client id and
    /// secret, published like the classic demo secret.
    public static let demoApplicationId = "3c9d7a1e-6b2f-4e8a-a5d4-91f0c2b7e358"
    public static let demoAPIClientId = "client_7d2e9f4a6b1c4e0a8f35c2d9b6e1a047"
    public static let demoAPIClientSecret = "carport-demo-api-secret"

    public var host: String
    /// 0 asks the system for any free port; `Emulator.baseURL` tells which one after `start()`.
    public var port: UInt16
    public var clientId: String
    public var clientSecret: String
    public var redirectURIs: [String]
    /// Seconds an access token lives; `expires_in` reports it.
    public var accessTokenLifetime: Int
    /// Seconds an already-used refresh token keeps working (RFC 9700 §4.14.2 grace).
    public var refreshGrace: TimeInterval
    /// Seeds the dozen demo vehicles (owned by the `demo@carport.test` test account).
    public var seedDemoWorld: Bool
    /// The emulator's time; `Emulator.advanceClock(by:)` adds an offset on top.
    public var clock: any WallClock
    /// The application management token (webhooks, management API).
    public var managementToken: String
    /// The app-wide `RATE_LIMIT:SMARTCAR_API` bucket; nil (the default) means unlimited.
    public var appRateLimit: RateBucketConfig?
    /// Seconds every request waits before the emulator handles it, as a network between here and
    /// Smartcar would add (0, the default, answers at once). Requests wait side by side, not in turn.
    public var latency: TimeInterval = 0
    /// Seconds a command (lock, unlock, charge…) takes to reach the car and answer, on top of
    /// `latency`; real ones take seconds to minutes. The demo uses 3 s so its progress shows.
    public var commandDuration: TimeInterval = 0
    /// A refresh token used after its grace window revokes every token from the same code (RFC 9700
    /// §4.14.2): stricter than Smartcar documents, and what the tests hold Carport to. Off, such a
    /// use is only refused, as Smartcar documents (docs/EMULATOR.md, "Where it departs").
    public var revokeFamilyOnReuse = true
    /// The v3 app's Application ID, what Connect takes as `client_id` (or `application_id`). Equal
    /// to `clientId`, it is one migrating app: Connect then answers with a code and a `user_id`.
    public var applicationId = EmulatorConfig.demoApplicationId
    /// The v3 app's API credentials for `POST /oauth2/token` (client credentials).
    public var apiClientId = EmulatorConfig.demoAPIClientId
    public var apiClientSecret = EmulatorConfig.demoAPIClientSecret
    /// Seconds an app token lives; `expires_in` reports it (Smartcar: one hour).
    public var appTokenLifetime = 3600
    /// v3 lock and unlock answer `202` at once and finish `commandDuration` seconds later on the
    /// emulator's clock (the lock status signal changes then); off, they answer `200` when done.
    public var longRunningCommands = false

    public init(
        host: String = "127.0.0.1", port: UInt16 = 0,
        clientId: String = EmulatorConfig.demoClientId,
        clientSecret: String = EmulatorConfig.demoClientSecret,
        redirectURIs: [String] = EmulatorConfig.demoRedirectURIs,
        accessTokenLifetime: Int = 7200, refreshGrace: TimeInterval = 60,
        seedDemoWorld: Bool = true, clock: any WallClock = SystemClock(),
        managementToken: String = EmulatorConfig.demoManagementToken,
        appRateLimit: RateBucketConfig? = nil
    ) {
        self.host = host
        self.port = port
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.redirectURIs = redirectURIs
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshGrace = refreshGrace
        self.seedDemoWorld = seedDemoWorld
        self.clock = clock
        self.managementToken = managementToken
        self.appRateLimit = appRateLimit
    }

    /// The demo defaults, with the app taken from `SMARTCAR_CLIENT_ID`, `SMARTCAR_CLIENT_SECRET`
    /// and `SMARTCAR_REDIRECT_URI` (the v3 app from `SMARTCAR_APPLICATION_ID`,
    /// `SMARTCAR_API_CLIENT_ID` and `SMARTCAR_API_CLIENT_SECRET`) when they are set, so one
    /// environment configures both sides.
    public static func fromEnvironment(_ env: [String: String]) -> EmulatorConfig {
        var config = EmulatorConfig()
        if let id = env["SMARTCAR_CLIENT_ID"], !id.isEmpty { config.clientId = id }
        if let secret = env["SMARTCAR_CLIENT_SECRET"], !secret.isEmpty { config.clientSecret = secret }
        if let uri = env["SMARTCAR_REDIRECT_URI"], !uri.isEmpty {
            config.redirectURIs = [uri] + config.redirectURIs.filter { $0 != uri }
        }
        if let id = env["SMARTCAR_APPLICATION_ID"], !id.isEmpty { config.applicationId = id }
        if let id = env["SMARTCAR_API_CLIENT_ID"], !id.isEmpty { config.apiClientId = id }
        if let secret = env["SMARTCAR_API_CLIENT_SECRET"], !secret.isEmpty { config.apiClientSecret = secret }
        return config
    }
}

/// `print`, `dump` and interpolation never show a client secret or the management token.
extension EmulatorConfig: CustomStringConvertible, CustomReflectable {
    public var description: String {
        "EmulatorConfig(\(host):\(port), clientId: \(clientId), redirectURIs: \(redirectURIs), "
            + "accessTokenLifetime: \(accessTokenLifetime), refreshGrace: \(refreshGrace), seedDemoWorld: \(seedDemoWorld), "
            + "applicationId: \(applicationId), apiClientId: \(apiClientId), appTokenLifetime: \(appTokenLifetime))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "clientId": clientId, "redirectURIs": redirectURIs,
                "accessTokenLifetime": accessTokenLifetime, "refreshGrace": refreshGrace,
                "seedDemoWorld": seedDemoWorld, "applicationId": applicationId, "apiClientId": apiClientId,
                "appTokenLifetime": appTokenLifetime, "longRunningCommands": longRunningCommands,
            ], displayStyle: .struct)
    }
}

/// A token bucket: `capacity` requests, refilled by `refillPerMinute` each minute.
public struct RateBucketConfig: Sendable, Codable, Equatable {
    public var capacity: Int
    public var refillPerMinute: Double
    public init(capacity: Int = 120, refillPerMinute: Double = 2) {
        self.capacity = capacity
        self.refillPerMinute = refillPerMinute
    }
}
