import Foundation

extension EmulatorConfig {
    /// The settings of the demo's v3 app served at `origin` (the demo, the tests): Application ID,
    /// API credentials and both v3 origins.
    public static func demoV3Settings(origin: String) -> [String: String] {
        [
            "SMARTCAR_APPLICATION_ID": demoApplicationId, "SMARTCAR_API_CLIENT_ID": demoAPIClientId,
            "SMARTCAR_API_CLIENT_SECRET": demoAPIClientSecret, "SMARTCAR_IAM_ORIGIN": origin,
            "SMARTCAR_VEHICLE_API_V3_ORIGIN": origin,
        ]
    }

    /// The shell lines that point a client (Carport or an official SDK) at an emulator listening
    /// on `baseURL` (`carport emulator` prints them; docs/EMULATOR.md).
    public func exportLines(baseURL: URL) -> String {
        let origin = baseURL.absoluteString
        var lines = [
            "# Smartcar emulator listening on \(origin) (admin API: \(origin)/admin, see docs/EMULATOR.md)",
            "export SMARTCAR_CONNECT_ORIGIN=\(origin)",
            "export SMARTCAR_AUTH_ORIGIN=\(origin)/oauth/token",
            "export SMARTCAR_API_ORIGIN=\(origin)",
            "export SMARTCAR_VEHICLE_API_V3_ORIGIN=\(origin)",
            "export SMARTCAR_MANAGEMENT_API_ORIGIN=\(origin)",
            "export SMARTCAR_CLIENT_ID=\(clientId)",
            "export SMARTCAR_REDIRECT_URI=\(redirectURIs.first ?? "")",
            "# or the hosted callback page (README, \"A callback page to host\"):",
            "#   export SMARTCAR_REDIRECT_URI=\(origin)\(HostedCallbackPage.path) CARPORT_CALLBACK_PAGE=hosted",
        ]
        lines += [
            "# an API v3 app (Carport adds /oauth2/token and /v3/…):",
            "export SMARTCAR_APPLICATION_ID=\(applicationId)",
            "export SMARTCAR_API_CLIENT_ID=\(apiClientId)",
            apiClientSecret == EmulatorConfig.demoAPIClientSecret
                ? "export SMARTCAR_API_CLIENT_SECRET=\(apiClientSecret)"
                : "# SMARTCAR_API_CLIENT_SECRET: the value already in your environment",
            "export SMARTCAR_IAM_ORIGIN=\(origin)",
        ]
        // The demo secrets are published constants; real ones stay where they came from.
        if clientSecret == EmulatorConfig.demoClientSecret {
            lines.append("export SMARTCAR_CLIENT_SECRET=\(clientSecret)")
        } else {
            lines.append("# SMARTCAR_CLIENT_SECRET: the value already in your environment")
        }
        if managementToken == EmulatorConfig.demoManagementToken {
            lines.append("export SMARTCAR_MANAGEMENT_TOKEN=\(managementToken)")
        }
        return lines.joined(separator: "\n") + "\n# Ctrl-C stops the emulator.\n"
    }
}
