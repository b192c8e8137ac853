import CarportCore
import Foundation

/// Loading lives here, not in Core, because the file is read through TOMLKit and Core imports Foundation
/// only (docs/CODEBASE.md, the dependency rule).
extension Configuration {
    /// Reads the environment and the optional config file.
    /// - Parameter readFile: reads a file's text; injected so tests need no real home directory.
    public static func load(
        environment env: [String: String],
        readFile: (URL) throws -> String? = Configuration.readIfPresent
    ) throws -> Configuration {
        let home = env["HOME"].map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: "/")
        let configHome =
            nonEmpty(env["XDG_CONFIG_HOME"]).map { URL(fileURLWithPath: $0) }
            ?? home.appendingPathComponent(".config")
        let fileURL = configHome.appendingPathComponent("carport/config.toml")
        var file: ConfigurationFile?
        if let text = try readFile(fileURL) {
            file = try ConfigurationFile(parsing: text, path: fileURL.path)
            try refuseUnknownKeys(in: file!)
        }
        let sources = Sources(env: env, file: file, fileURL: fileURL)

        var config = Configuration(
            clientId: try sources.string(Settings.clientId), clientSecret: nil, clientSecretFile: nil,
            redirectURI: try sources.string(Settings.redirectURI), mode: .live, scopes: defaultScopes,
            connectOrigin: try sources.origin(Settings.connectOrigin, default: productionConnectOrigin),
            tokenURL: tokenURL(fromAuthOrigin: try sources.origin(Settings.authOrigin, default: productionAuthOrigin)),
            apiOrigin: try sources.origin(Settings.apiOrigin, default: productionAPIOrigin),
            home: dataHome(env, home: home),
            keyFile: nonEmpty(env["CARPORT_KEY_FILE"]).map { URL(fileURLWithPath: $0) },
            file: file == nil ? nil : fileURL,
            managementOrigin: try sources.origin(Settings.managementOrigin, default: productionManagementOrigin))
        if let mode = try sources.mode() { config.mode = mode }
        if let scopes = try sources.scopes() { config.scopes = scopes }
        if let page = try sources.callbackPage() { config.callbackPage = page }
        (config.clientSecret, config.clientSecretFile) = try secret(
            Settings.clientSecret, what: "client secret", sources, readFile: readFile)
        // Only `reconcile` needs it: a bad token file must not stop `refresh --due` (read at use).
        config.managementToken = nonEmpty(sources.env[Settings.managementToken.variable]).map(Secret.init)
        config.managementTokenFile =
            config.managementToken == nil ? try secretPath(Settings.managementToken, sources) : nil
        try loadV3(into: &config, sources, readFile: readFile)
        config.databaseURL = try sources.string(Settings.databaseURL)
        (config.databasePassword, config.databasePasswordFile) = try secret(
            Settings.databasePassword, what: "database password", sources, readFile: readFile)
        return config
    }

    /// A v3 application's settings (docs/SMARTCAR.md §10): ids, API credentials, bare origins.
    private static func loadV3(
        into config: inout Configuration, _ sources: Sources, readFile: (URL) throws -> String?
    ) throws {
        config.applicationId = try sources.string(Settings.applicationId)
        config.apiClientId = try sources.string(Settings.apiClientId)
        (config.apiClientSecret, config.apiClientSecretFile) = try secret(
            Settings.apiClientSecret, what: "API client secret", sources, readFile: readFile)
        config.iamOrigin = try sources.bareOrigin(Settings.iamOrigin, default: productionIAMOrigin)
        config.vehicleAPIV3Origin = try sources.bareOrigin(
            Settings.vehicleAPIV3Origin, default: productionVehicleAPIV3Origin)
    }

    private static func refuseUnknownKeys(in file: ConfigurationFile) throws {
        let known = Set(Settings.all.map(\.fileKey))
        if let unknown = file.keys.first(where: { !known.contains($0) }) {
            throw CarportError(
                .configuration,
                "\(file.path): unknown key `\(unknown)`. Known keys: \(known.sorted().joined(separator: ", ")).")
        }
    }

    /// A secret from its variable, else from the file its `_FILE` variable or its file key names.
    private static func secret(
        _ setting: Setting, what: String, _ sources: Sources, readFile: (URL) throws -> String?
    ) throws -> (Secret?, URL?) {
        if let value = nonEmpty(sources.env[setting.variable]) { return (Secret(value), nil) }
        guard let secretURL = try secretPath(setting, sources) else { return (nil, nil) }
        return (try readSecret(at: secretURL, what: what, readFile: readFile), secretURL)
    }

    /// The file its `_FILE` variable or its file key names, if any.
    private static func secretPath(_ setting: Setting, _ sources: Sources) throws -> URL? {
        guard let path = try nonEmpty(sources.env[fileVariable(setting)]) ?? sources.file?.string(setting) else {
            return nil
        }
        return URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
    }

    /// A secret file's value, trimmed; missing or empty is a configuration error naming the file.
    public static func readSecret(at secretURL: URL, what: String, readFile: (URL) throws -> String?) throws -> Secret {
        guard let text = try readFile(secretURL) else {
            throw CarportError(
                .configuration,
                "The \(what) file \(secretURL.path) does not exist. Create it (mode 0600) or fix the path.")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw CarportError(.configuration, "The \(what) file \(secretURL.path) is empty.")
        }
        return Secret(trimmed)
    }

    /// `$CARPORT_HOME`, else `$XDG_DATA_HOME/carport`, else `~/.local/share/carport`.
    static func dataHome(_ env: [String: String], home: URL) -> URL {
        if let explicit = nonEmpty(env["CARPORT_HOME"]) { return URL(fileURLWithPath: explicit) }
        let data =
            nonEmpty(env["XDG_DATA_HOME"]).map { URL(fileURLWithPath: $0) }
            ?? home.appendingPathComponent(".local/share")
        return data.appendingPathComponent("carport")
    }

    /// The file's text, or nil when it does not exist.
    public static func readIfPresent(_ url: URL) throws -> String? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CarportError(.configuration, "Cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }
}
