/// What the emulator counted since start (or the last reset): read them to assert behaviour.
public struct EmulatorCounters: Sendable, Codable, Equatable {
    /// Successful `authorization_code` exchanges.
    public var exchanges = 0
    /// Successful `refresh_token` grants (inside the grace window included).
    public var refreshes = 0
    /// Refresh tokens used again after their grace window (each one revokes its family).
    public var reuseDetections = 0
    /// Token families revoked (reuse detection, disconnect of the last vehicle, admin).
    public var familyRevocations = 0
    /// App tokens issued by `POST /oauth2/token` (client credentials, API v3).
    public var appTokens = 0
    /// Token requests answered with an error (`/oauth/token` and `/oauth2/token`).
    public var tokenErrors = 0
    /// Requests to the Vehicle API (`/v2.0/…`, `/v3/…`), errors included.
    public var apiCalls = 0
    /// Vehicle-scoped requests per vehicle id (batch items count one each).
    public var callsPerVehicle: [String: Int] = [:]
    /// Commands that changed a vehicle (lock, unlock, charge start/stop, charge limit, destination).
    public var commands = 0
    /// Redirects Connect sent back to an application (success and error).
    public var connectRedirects = 0
    /// Injected faults that fired.
    public var faultsFired = 0

    public init() {}
}
