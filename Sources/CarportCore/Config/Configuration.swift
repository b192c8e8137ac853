import Foundation

/// Carport's settings: environment variables first (the official SDKs' names, docs/SMARTCAR.md §1.2), then
/// `$XDG_CONFIG_HOME/carport/config.toml`. A value that is needed but missing is an error that
/// names both the variable and the file key.
public struct Configuration: Sendable, Equatable {
    public static let productionConnectOrigin = URL(string: "https://connect.smartcar.com")!
    public static let productionAuthOrigin = URL(string: "https://auth.smartcar.com")!
    public static let productionAPIOrigin = URL(string: "https://api.smartcar.com")!
    public static let productionManagementOrigin = URL(string: "https://management.smartcar.com")!
    public static let productionIAMOrigin = URL(string: "https://iam.smartcar.com")!
    public static let productionVehicleAPIV3Origin = URL(string: "https://vehicle.api.smartcar.com")!

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
    /// `SMARTCAR_MANAGEMENT_API_ORIGIN`: Smartcar's Management API (docs/SMARTCAR.md §5.8).
    public var managementOrigin: URL
    /// The application management token (`carport reconcile`); never from the command line.
    public var managementToken: Secret?
    /// The file the management token was read from, when it came from one.
    public var managementTokenFile: URL?
    /// Where the customer's browser lands after Connect (`CARPORT_CALLBACK_PAGE`).
    public var callbackPage = CallbackPage.catcher
    /// A v3 application (docs/SMARTCAR.md §10): its Application ID, what Connect takes.
    public var applicationId: String?
    /// The v3 application's API credentials (`client_…`), for the application token.
    public var apiClientId: String?
    public var apiClientSecret: Secret?
    /// The file the API client secret was read from, when it came from one.
    public var apiClientSecretFile: URL?
    /// `SMARTCAR_IAM_ORIGIN`, a bare origin: Carport adds `/oauth2/token`.
    public var iamOrigin = Configuration.productionIAMOrigin
    /// `SMARTCAR_VEHICLE_API_V3_ORIGIN`, a bare origin: Carport adds `/v3/…`.
    public var vehicleAPIV3Origin = Configuration.productionVehicleAPIV3Origin
    /// `CARPORT_DATABASE_URL`: the team store on PostgreSQL (docs/TEAM-STORE.md) instead of the
    /// SQLite file in `home`. Never holds a password.
    public var databaseURL: String?
    /// `PGPASSWORD`, or the file `database_password_file` names.
    public var databasePassword: Secret?
    /// The file the database password was read from, when it came from one.
    public var databasePasswordFile: URL?

    /// `catcher`: Carport's own catcher on this machine's loopback when the redirect URI is there
    /// (else pasting). `hosted`: the team's copy of `contrib/callback-page/` at the redirect URI,
    /// which shows the customer a short text to send; Carport starts no catcher, says what the
    /// customer will see, and waits for that text. Explicit, because a page served over loopback
    /// `http` (the demo's) looks like a catcher's address.
    public enum CallbackPage: String, Sendable, Equatable {
        case catcher, hosted
    }

    /// Public because loading lives in CarportApp (it reads the file through TOMLKit, which Core may not import).
    public init(
        clientId: String?, clientSecret: Secret?, clientSecretFile: URL?, redirectURI: String?, mode: ConnectMode,
        scopes: [String], connectOrigin: URL, tokenURL: URL, apiOrigin: URL, home: URL, keyFile: URL?, file: URL?,
        managementOrigin: URL = Configuration.productionManagementOrigin, managementToken: Secret? = nil,
        managementTokenFile: URL? = nil
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
        self.managementOrigin = managementOrigin
        self.managementToken = managementToken
        self.managementTokenFile = managementTokenFile
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
        public static let managementOrigin = Setting(
            variable: "SMARTCAR_MANAGEMENT_API_ORIGIN", fileKey: "management_api_origin")
        public static let managementToken = Setting(
            variable: "SMARTCAR_MANAGEMENT_TOKEN", fileKey: "management_token_file")
        public static let callbackPage = Setting(variable: "CARPORT_CALLBACK_PAGE", fileKey: "callback_page")
        public static let applicationId = Setting(variable: "SMARTCAR_APPLICATION_ID", fileKey: "application_id")
        public static let databaseURL = Setting(variable: "CARPORT_DATABASE_URL", fileKey: "database_url")
        public static let databasePassword = Setting(variable: "PGPASSWORD", fileKey: "database_password_file")
        public static let apiClientId = Setting(variable: "SMARTCAR_API_CLIENT_ID", fileKey: "api_client_id")
        public static let apiClientSecret = Setting(
            variable: "SMARTCAR_API_CLIENT_SECRET", fileKey: "api_client_secret_file")
        public static let iamOrigin = Setting(variable: "SMARTCAR_IAM_ORIGIN", fileKey: "iam_origin")
        public static let vehicleAPIV3Origin = Setting(
            variable: "SMARTCAR_VEHICLE_API_V3_ORIGIN", fileKey: "vehicle_api_v3_origin")
        public static let all = [
            clientId, clientSecret, redirectURI, mode, scopes, connectOrigin, authOrigin, apiOrigin, managementOrigin,
            managementToken, callbackPage, applicationId, apiClientId, apiClientSecret, iamOrigin, vehicleAPIV3Origin,
            databaseURL, databasePassword,
        ]
    }

    public func requireClientId() throws -> String {
        guard let clientId, !clientId.isEmpty else { throw Self.missing(Settings.clientId, file: file) }
        return clientId
    }

    public func requireClientSecret() throws -> Secret {
        guard let clientSecret, !clientSecret.isEmpty else { throw Self.missingSecret(Settings.clientSecret) }
        return clientSecret
    }

    /// The application management token (Smartcar dashboard, Configuration), for `carport reconcile`.
    public func requireManagementToken() throws -> Secret {
        guard let managementToken, !managementToken.isEmpty else { throw Self.missingSecret(Settings.managementToken) }
        return managementToken
    }

    /// The variable naming a file that holds a secret's value, e.g. `SMARTCAR_CLIENT_SECRET_FILE`.
    public static func fileVariable(_ setting: Setting) -> String { setting.variable + "_FILE" }

    static func missingSecret(_ setting: Setting) -> CarportError {
        CarportError(
            .configuration,
            """
            \(setting.variable) is not set. Export it, or put the value alone in a file readable only by you \
            and set `\(setting.fileKey)` (or \(fileVariable(setting))) to its path. It is never taken from the \
            command line.
            """)
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
