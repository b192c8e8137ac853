import CarportCore
import CarportStore
import Foundation
import SmartcarKit

/// Which kinds of Smartcar application are configured, and each one's credentials
/// (docs/SMARTCAR.md §10): classic (client id and secret), v3 (Application ID and API credentials;
/// online, an application token is fetched and never shown).
extension Doctor {
    static func applications(
        _ c: Configuration, environment: [String: String], offline: Bool
    ) async -> [Finding] {
        typealias S = Configuration.Settings
        let kinds = c.applicationKinds
        guard !kinds.isEmpty else {
            return [
                Finding(
                    ok: false, title: "no Smartcar application configured",
                    fix:
                        "Set \(S.clientId.variable) and \(S.clientSecret.variable) for a classic application, or "
                        + "\(S.applicationId.variable), \(S.apiClientId.variable) and \(S.apiClientSecret.variable) "
                        + "for a v3 one (an application migrating to v3 has both).")
            ]
        }
        var findings = [
            Finding(
                ok: true,
                title: "applications: " + kinds.map(\.rawValue).joined(separator: " and "))
        ]
        if kinds.contains(.classic) {
            findings.append(required("client id") { try c.requireClientId() })
            findings += secret("client secret", S.clientSecret, c.clientSecretFile, environment) {
                try c.requireClientSecret()
            }
        }
        if kinds.contains(.v3) {
            var v3 = [
                required("v3 application id") { try c.requireApplicationId() },
                required("v3 API client id") { try c.requireAPIClientId() },
            ]
            v3 += secret("v3 API client secret", S.apiClientSecret, c.apiClientSecretFile, environment) {
                try c.requireAPIClientSecret()
            }
            if !offline && v3.allSatisfy(\.ok) { v3.append(await appToken(c)) }
            findings += v3
        }
        return findings
    }

    /// `title value`, or the error that names the variable and the file key.
    private static func required(_ title: String, _ value: () throws -> String) -> Finding {
        do {
            return Finding(ok: true, title: "\(title) \(try value())")
        } catch {
            return Finding(ok: false, title: title, fix: (error as? CarportError)?.message ?? "\(error)")
        }
    }

    /// Where a secret comes from; a file must be private.
    private static func secret(
        _ title: String, _ setting: Configuration.Setting, _ file: URL?, _ environment: [String: String],
        require: () throws -> Secret
    ) -> [Finding] {
        do {
            _ = try require()
        } catch {
            return [Finding(ok: false, title: title, fix: (error as? CarportError)?.message ?? "\(error)")]
        }
        if environment[setting.variable]?.isEmpty == false {
            return [Finding(ok: true, title: "\(title) (from \(setting.variable))")]
        }
        guard let path = file?.path else { return [] }
        do {
            try StoreFiles.refuseExposed(URL(fileURLWithPath: path))
            return [Finding(ok: true, title: "\(title) (from \(path), private)")]
        } catch {
            return [
                Finding(ok: false, title: "\(title) file \(path)", fix: (error as? CarportError)?.message ?? "\(error)")
            ]
        }
    }

    /// Fetches a v3 application token to prove the API credentials; the token is dropped unseen.
    private static func appToken(_ c: Configuration) async -> Finding {
        let origin = c.iamOrigin.absoluteString
        do {
            let token = try await LiveSmartcarV3Client(configuration: c).appToken()
            let minutes = Int(token.expiresAt.timeIntervalSince(SystemClock().now()) / 60)
            return Finding(
                ok: true, title: "v3 application token fetched from \(origin) (valid \(minutes) min; not shown)")
        } catch {
            let message = (error as? CarportError)?.message ?? "\(error)"
            return Finding(ok: false, title: "v3 application token from \(origin)", fix: message)
        }
    }
}
