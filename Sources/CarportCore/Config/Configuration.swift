import Foundation

/// Carport's settings: environment variables first (the official SDKs' names, docs/SMARTCAR.md §1.2), then
/// `$XDG_CONFIG_HOME/carport/config.toml`. A value that is needed but missing is an error that
/// names both the variable and the file key.
public struct Configuration: Sendable, Equatable {
    public static let productionConnectOrigin = URL(string: "https://connect.smartcar.com")!
    public static let productionAuthOrigin = URL(string: "https://auth.smartcar.com")!
    public static let productionAPIOrigin = URL(string: "https://api.smartcar.com")!

    public var clientId: String?
    public var clientSecret: Secret?
    /// The file the secret was read from, when it came from one.
    public var clientSecretFile: URL?
    public var redirectURI: String?
    public var mode: ConnectMode
    public var scopes: [String]
    public var connectOrigin: URL
    /// The full token endpoint, `…/oauth/token`.
    public var tokenURL: URL
    public var apiOrigin: URL
    /// Where the store and the key live (`CARPORT_HOME`).
    public var home: URL
    /// `CARPORT_KEY_FILE`, when the key lives outside `home`.
    public var keyFile: URL?
    /// The config file that was read, if any.
    public var file: URL?

    /// Public because loading lives in CarportApp (it reads the file through TOMLKit, which Core may not import).
    public init(
        clientId: String?, clientSecret: Secret?, clientSecretFile: URL?, redirectURI: String?, mode: ConnectMode,
        scopes: [String], connectOrigin: URL, tokenURL: URL, apiOrigin: URL, home: URL, keyFile: URL?, file: URL?
    ) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.clientSecretFile = clientSecretFile
        self.redirectURI = redirectURI
        self.mode = mode
        self.scopes = scopes
        self.connectOrigin = connectOrigin
        self.tokenURL = tokenURL
        self.apiOrigin = apiOrigin
        self.home = home
        self.keyFile = keyFile
        self.file = file
    }

    public static let defaultScopes = [
        "read_vehicle_info", "read_vin", "read_odometer", "read_location", "read_battery",
        "read_charge", "read_fuel", "read_security", "read_tires", "control_security",
    ]

    /// One setting: its environment variable and its key in the config file.
    public struct Setting: Sendable {
        public let variable: String
        public let fileKey: String
    }

    public enum Settings {
        public static let clientId = Setting(variable: "SMARTCAR_CLIENT_ID", fileKey: "client_id")
        public static let clientSecret = Setting(variable: "SMARTCAR_CLIENT_SECRET", fileKey: "client_secret_file")
        public static let redirectURI = Setting(variable: "SMARTCAR_REDIRECT_URI", fileKey: "redirect_uri")
        public static let mode = Setting(variable: "CARPORT_MODE", fileKey: "mode")
        public static let scopes = Setting(variable: "CARPORT_SCOPES", fileKey: "scopes")
        public static let connectOrigin = Setting(variable: "SMARTCAR_CONNECT_ORIGIN", fileKey: "connect_origin")
        public static let authOrigin = Setting(variable: "SMARTCAR_AUTH_ORIGIN", fileKey: "auth_origin")
        public static let apiOrigin = Setting(variable: "SMARTCAR_API_ORIGIN", fileKey: "api_origin")
        public static let all = [
            clientId, clientSecret, redirectURI, mode, scopes, connectOrigin, authOrigin, apiOrigin,
        ]
    }

    public func requireClientId() throws -> String {
        guard let clientId, !clientId.isEmpty else { throw Self.missing(Settings.clientId, file: file) }
        return clientId
    }

    public func requireClientSecret() throws -> Secret {
        guard let clientSecret, !clientSecret.isEmpty else {
            throw CarportError(
                .configuration,
                """
                The client secret is not set. Export \(Settings.clientSecret.variable), or put the secret \
                alone in a file readable only by you and set `\(Settings.clientSecret.fileKey)` \
                (or SMARTCAR_CLIENT_SECRET_FILE) to its path. It is never taken from the command line.
                """)
        }
        return clientSecret
    }

    public func requireRedirectURI() throws -> String {
        guard let redirectURI, !redirectURI.isEmpty else { throw Self.missing(Settings.redirectURI, file: file) }
        return redirectURI
    }

    static func missing(_ setting: Setting, file: URL?) -> CarportError {
        let place = file.map { "in \($0.path)" } ?? "in $XDG_CONFIG_HOME/carport/config.toml"
        return CarportError(
            .configuration,
            "\(setting.variable) is not set. Export it, or set `\(setting.fileKey)` \(place).")
    }

    /// The token endpoint for an `SMARTCAR_AUTH_ORIGIN` given as an origin or as the full URL.
    public static func tokenURL(fromAuthOrigin origin: URL) -> URL {
        var text = origin.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix("/oauth/token") { return URL(string: text)! }
        return URL(string: text + "/oauth/token")!
    }
}
