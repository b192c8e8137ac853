import Foundation

/// The two kinds of Smartcar application Carport serves (docs/SMARTCAR.md §10): a classic one
/// (client id and secret, per-vehicle token pairs, Vehicle API v2.0) and a v3 one (Application ID,
/// API credentials for one application token, Vehicle API v3). A migrating team has both.
public enum ApplicationKind: String, Sendable, Equatable, CaseIterable {
    case classic, v3

    /// The kind a new link gets when none is asked for: v3 when a v3 app is configured (new links
    /// go to the API Smartcar keeps), else classic (README, "Classic and v3 apps").
    public static func connectDefault(configured: [ApplicationKind]) -> ApplicationKind {
        configured.contains(.v3) ? .v3 : .classic
    }
}

extension Configuration {
    /// The kinds whose settings are present, in `ApplicationKind.allCases` order: classic when
    /// `SMARTCAR_CLIENT_ID` or its secret is set, v3 when any of the Application ID and the API
    /// credentials is set. Whether the settings of a kind are complete is `require…`'s to say.
    public var applicationKinds: [ApplicationKind] {
        let classic = Self.isSet(clientId) || clientSecret.map { !$0.isEmpty } == true
        let v3 = Self.isSet(applicationId) || Self.isSet(apiClientId) || apiClientSecret.map { !$0.isEmpty } == true
        return ApplicationKind.allCases.filter { $0 == .classic ? classic : v3 }
    }

    public func requireApplicationId() throws -> String {
        guard let applicationId, !applicationId.isEmpty else { throw Self.missing(Settings.applicationId, file: file) }
        return applicationId
    }

    public func requireAPIClientId() throws -> String {
        guard let apiClientId, !apiClientId.isEmpty else { throw Self.missing(Settings.apiClientId, file: file) }
        return apiClientId
    }

    public func requireAPIClientSecret() throws -> Secret {
        guard let apiClientSecret, !apiClientSecret.isEmpty else { throw Self.missingSecret(Settings.apiClientSecret) }
        return apiClientSecret
    }

    private static func isSet(_ text: String?) -> Bool { text.map { !$0.isEmpty } == true }
}
