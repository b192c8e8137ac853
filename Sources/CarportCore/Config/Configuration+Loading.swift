import Foundation

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
        var file: [String: TOMLValue] = [:]
        var readFrom: URL?
        if let text = try readFile(fileURL) {
            file = try TOMLFile.parse(text, path: fileURL.path)
            readFrom = fileURL
            let known = Set(Settings.all.map(\.fileKey))
            if let unknown = file.keys.sorted().first(where: { !known.contains($0) }) {
                throw CarportError(
                    .configuration,
                    "\(fileURL.path): unknown key `\(unknown)`. Known keys: \(known.sorted().joined(separator: ", ")).")
            }
        }

        func string(_ setting: Setting) throws -> String? {
            if let value = nonEmpty(env[setting.variable]) { return value }
            switch file[setting.fileKey] {
            case nil: return nil
            case .string(let s)?: return s
            default: throw CarportError(.configuration, "\(fileURL.path): `\(setting.fileKey)` must be a string.")
            }
        }
        func origin(_ setting: Setting, default value: URL) throws -> URL {
            guard let text = try string(setting) else { return value }
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host != nil
            else {
                throw CarportError(
                    .configuration,
                    "\(setting.variable) (or `\(setting.fileKey)` in \(fileURL.path)) must be an http(s) URL such as https://api.smartcar.com; got `\(text)`."
                )
            }
            return url
        }

        var config = Configuration(
            clientId: try string(Settings.clientId), clientSecret: nil, clientSecretFile: nil,
            redirectURI: try string(Settings.redirectURI), mode: .live, scopes: defaultScopes,
            connectOrigin: try origin(Settings.connectOrigin, default: productionConnectOrigin),
            tokenURL: tokenURL(fromAuthOrigin: try origin(Settings.authOrigin, default: productionAuthOrigin)),
            apiOrigin: try origin(Settings.apiOrigin, default: productionAPIOrigin),
            home: dataHome(env, home: home),
            keyFile: nonEmpty(env["CARPORT_KEY_FILE"]).map { URL(fileURLWithPath: $0) },
            file: readFrom)

        if let modeText = try string(Settings.mode) {
            guard let mode = ConnectMode(rawValue: modeText) else {
                throw CarportError(
                    .configuration,
                    "\(Settings.mode.variable) (or `mode` in \(fileURL.path)) must be live, simulated or test; got `\(modeText)`."
                )
            }
            config.mode = mode
        }
        if let scopes = nonEmpty(env[Settings.scopes.variable]) {
            config.scopes = scopes.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        } else if case .strings(let scopes)? = file[Settings.scopes.fileKey] {
            config.scopes = scopes
        } else if file[Settings.scopes.fileKey] != nil {
            throw CarportError(.configuration, "\(fileURL.path): `scopes` must be an array of strings.")
        }
        (config.clientSecret, config.clientSecretFile) = try secret(
            env: env, file: file, fileURL: fileURL, readFile: readFile)
        return config
    }

    private static func secret(
        env: [String: String], file: [String: TOMLValue], fileURL: URL,
        readFile: (URL) throws -> String?
    ) throws -> (Secret?, URL?) {
        if let value = nonEmpty(env[Settings.clientSecret.variable]) { return (Secret(value), nil) }
        let path: String
        if let fromEnv = nonEmpty(env["SMARTCAR_CLIENT_SECRET_FILE"]) {
            path = fromEnv
        } else if case .string(let fromFile)? = file[Settings.clientSecret.fileKey] {
            path = fromFile
        } else {
            return (nil, nil)
        }
        let secretURL = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        guard let text = try readFile(secretURL) else {
            throw CarportError(
                .configuration,
                "The client secret file \(secretURL.path) does not exist. Create it (mode 0600) or fix the path.")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw CarportError(.configuration, "The client secret file \(secretURL.path) is empty.")
        }
        return (Secret(trimmed), secretURL)
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

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }
}
