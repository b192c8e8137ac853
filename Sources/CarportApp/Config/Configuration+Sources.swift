import CarportCore
import Foundation

extension Configuration {
    /// The two places a setting comes from, in order: the environment, then the config file. Every error
    /// names both the variable and the file key (docs/SMARTCAR.md §1.2 for the variables' names).
    struct Sources {
        let env: [String: String]
        let file: ConfigurationFile?
        let fileURL: URL

        func string(_ setting: Setting) throws -> String? {
            if let value = nonEmpty(env[setting.variable]) { return value }
            return try file?.string(setting)
        }

        func origin(_ setting: Setting, default value: URL) throws -> URL {
            guard let text = try string(setting) else { return value }
            guard let url = URL(string: text), url.scheme != nil, url.host != nil else {
                throw CarportError(
                    .configuration,
                    "\(setting.variable) (or `\(setting.fileKey)` in \(fileURL.path)) must be an https URL such as https://api.smartcar.com; got `\(text)`."
                )
            }
            guard OriginPolicy.allows(url) else {
                throw CarportError(
                    .configuration,
                    "\(setting.variable) (or `\(setting.fileKey)` in \(fileURL.path)) is `\(text)`: Carport talks to Smartcar over https only (plain http only to localhost, 127.0.0.0/8 or ::1), so the client secret and tokens never travel in clear. Use the https origin."
                )
            }
            return url
        }

        /// An origin without a path (one trailing slash allowed): Carport adds the paths itself.
        func bareOrigin(_ setting: Setting, default value: URL) throws -> URL {
            let url = try origin(setting, default: value)
            guard url.path.isEmpty || url.path == "/", url.query == nil else {
                throw CarportError(
                    .configuration,
                    "\(setting.variable) (or `\(setting.fileKey)` in \(fileURL.path)) must be a bare origin such as \(value.absoluteString), without a path; Carport adds the paths. Got `\(url.absoluteString)`."
                )
            }
            return url
        }

        func mode() throws -> ConnectMode? {
            guard let text = try string(Settings.mode) else { return nil }
            guard let mode = ConnectMode(rawValue: text) else {
                throw CarportError(
                    .configuration,
                    "\(Settings.mode.variable) (or `\(Settings.mode.fileKey)` in \(fileURL.path)) must be live, simulated or test; got `\(text)`."
                )
            }
            return mode
        }

        func callbackPage() throws -> CallbackPage? {
            guard let text = try string(Settings.callbackPage) else { return nil }
            guard let page = CallbackPage(rawValue: text) else {
                throw CarportError(
                    .configuration,
                    "\(Settings.callbackPage.variable) (or `\(Settings.callbackPage.fileKey)` in \(fileURL.path)) must be catcher or hosted; got `\(text)`."
                )
            }
            return page
        }

        /// `CARPORT_SCOPES` is split on spaces and commas; the file's `scopes` is an array of strings.
        func scopes() throws -> [String]? {
            if let scopes = nonEmpty(env[Settings.scopes.variable]) {
                return scopes.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            }
            return try file?.strings(Settings.scopes)
        }
    }
}
