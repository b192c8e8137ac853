/// Paths of the Smartcar services (docs/SMARTCAR.md §1, §5.4), shared by the client and the emulator.
public enum SmartcarPaths {
    public static let authorize = "/oauth/authorize"
    public static let reauthenticate = "/oauth/reauthenticate"
    public static let token = "/oauth/token"
    public static let apiVersion = "2.0"
    public static let user = "/v2.0/user"
    public static let vehicles = "/v2.0/vehicles"

    public static func vehicle(_ id: String, _ sub: String = "") -> String { "/v2.0/vehicles/\(id)\(sub)" }

    public enum Header {
        public static let requestId = "SC-Request-Id"
        public static let dataAge = "SC-Data-Age"
        public static let fetchedAt = "SC-Fetched-At"
        public static let unitSystem = "SC-Unit-System"
        public static let retryAfter = "Retry-After"
    }

    /// The largest page `GET /vehicles` serves.
    public static let vehiclesPageLimit = 50
}
