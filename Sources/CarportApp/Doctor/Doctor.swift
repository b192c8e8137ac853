import CarportCore
import CarportPostgres
import CarportStore
import Foundation
import SmartcarKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One thing `carport doctor` checked, with the fix when it failed.
public struct DoctorFinding: Sendable, Equatable {
    public let ok: Bool
    public let title: String
    public var fix: String?

    public init(ok: Bool, title: String, fix: String? = nil) {
        self.ok = ok
        self.title = title
        self.fix = fix
    }
}

/// `carport doctor`'s checks: configuration, the credentials of each kind of application (classic,
/// v3), the redirect URI and its port, the store and its key, and (unless offline) that Smartcar's
/// origins answer and a v3 application token can be fetched. Needs no complete
/// configuration and opens no store that does not exist.
public enum Doctor {
    typealias Finding = DoctorFinding

    public static func examine(environment: [String: String], offline: Bool) async -> [DoctorFinding] {
        ProcessHardening.disableCoreDumps()
        let configuration: Configuration
        do {
            configuration = try Configuration.load(environment: environment)
        } catch let error as CarportError {
            return [Finding(ok: false, title: "configuration", fix: error.message)]
        } catch {
            return [Finding(ok: false, title: "configuration", fix: "\(error)")]
        }
        var findings = [
            Finding(
                ok: true,
                title: "configuration read" + (configuration.file.map { " (\($0.path))" } ?? " (environment only)"))
        ]
        findings += await applications(configuration, environment: environment, offline: offline)
        findings += redirect(configuration)
        findings += await store(configuration)
        if !offline { findings += await reachability(configuration) }
        return findings
    }

    static func redirect(_ c: Configuration) -> [Finding] {
        guard let text = c.redirectURI else {
            return [
                Finding(
                    ok: false, title: "redirect URI",
                    fix:
                        "Set SMARTCAR_REDIRECT_URI (or `redirect_uri`), e.g. http://localhost:8000/callback, and register the same URI in the Smartcar dashboard."
                )
            ]
        }
        let redirect: RedirectURI
        do {
            redirect = try RedirectURI(text)
        } catch let error as CarportError {
            return [Finding(ok: false, title: "redirect URI \(text)", fix: error.message)]
        } catch {
            return [Finding(ok: false, title: "redirect URI \(text)", fix: "\(error)")]
        }
        if c.callbackPage == .hosted {
            return [
                Finding(
                    ok: true,
                    title:
                        "redirect URI \(text) (your hosted callback page: the customer sends you the text it copies)")
            ]
        }
        guard let port = redirect.catcherPort else {
            return [
                Finding(
                    ok: true,
                    title: "redirect URI \(text) (not on this machine: paste the address the browser ends on)")
            ]
        }
        var findings = [Finding(ok: true, title: "redirect URI \(text)")]
        for ipv6 in [false, true] {
            let stack = ipv6 ? "[::1]" : "127.0.0.1"
            if let why = LoopbackPort.bindError(port, ipv6: ipv6) {
                findings.append(
                    Finding(
                        ok: false, title: "port \(port) on \(stack): \(why)",
                        fix:
                            "Another program holds it (see `ss -ltnp 'sport = :\(port)'`): stop it, or register another port in the Smartcar dashboard and set SMARTCAR_REDIRECT_URI to match."
                    ))
            } else {
                findings.append(Finding(ok: true, title: "port \(port) free on \(stack)"))
            }
        }
        return findings
    }

    static func store(_ c: Configuration) async -> [Finding] {
        let files = StoreFiles(home: c.home, keyFile: c.keyFile)
        let name = c.databaseURL == nil ? "store \(files.database.path)" : "team store (CARPORT_DATABASE_URL)"
        guard c.databaseURL != nil || FileManager.default.fileExists(atPath: files.database.path) else {
            return [
                Finding(
                    ok: true, title: "no store yet at \(files.database.path) (created by the first `carport connect`)")
            ]
        }
        do {
            if let url = c.databaseURL {
                let database = try c.database(url, setting: nil)
                guard try await PostgresConnectionStore.holdsStore(database, osUser: "doctor") else {
                    return [
                        Finding(
                            ok: true,
                            title:
                                "the database \(database) holds no Carport store yet (the first carport command records this machine's key there; `carport store copy --to` moves a store in)"
                        )
                    ]
                }
            }
            let store = try await openStore(c, clock: SystemClock(), osUser: "doctor")
            var findings = [
                Finding(
                    ok: true,
                    title:
                        "\(store.location) opens with key \(files.key.path) (key check \(store.keyFingerprint)); permissions private"
                )
            ]
            let integrity = try await store.integrityCheck()
            findings.append(
                integrity == "ok"
                    ? Finding(ok: true, title: "store integrity ok")
                    : Finding(
                        ok: false, title: "store integrity: \(integrity)",
                        fix:
                            "Stop every carport, copy the store aside, and restore it from a backup; carport never repairs a store by itself."
                    ))
            findings += unserved(try await store.connectionSummaries(), configured: c.applicationKinds)
            try await store.close()
            return findings
        } catch let error as CarportError {
            return [Finding(ok: false, title: name, fix: error.message)]
        } catch {
            return [Finding(ok: false, title: name, fix: "\(error)")]
        }
    }

    /// Stored connections of a kind whose application is not configured: nothing can serve them.
    static func unserved(_ connections: [ConnectionSummary], configured: [ApplicationKind]) -> [Finding] {
        typealias S = Configuration.Settings
        let counts = Dictionary(grouping: connections, by: \.kind).mapValues(\.count)
        return ApplicationKind.allCases.compactMap { kind in
            guard let count = counts[kind], !configured.contains(kind) else { return nil }
            let fix =
                kind == .classic
                ? "They cannot be refreshed and their pairs will die: set \(S.clientId.variable) and "
                    + "\(S.clientSecret.variable) (an application migrating to v3 keeps its legacy credentials)."
                : "Their live data, commands, disconnect and reconcile need \(S.applicationId.variable), "
                    + "\(S.apiClientId.variable) and \(S.apiClientSecret.variable)."
            return Finding(
                ok: false,
                title: "\(count) \(kind.rawValue) connection(s) stored, no \(kind.rawValue) application configured",
                fix: fix)
        }
    }

    static func reachability(_ c: Configuration) async -> [Finding] {
        typealias S = Configuration.Settings
        var targets = [
            ("Connect", c.connectOrigin, S.connectOrigin), ("token service", c.tokenURL, S.authOrigin),
            ("Vehicle API", c.apiOrigin, S.apiOrigin),
        ]
        if c.applicationKinds.contains(.v3) {
            targets.append(("Vehicle API v3", c.vehicleAPIV3Origin, S.vehicleAPIV3Origin))
        }
        var findings: [Finding] = []
        for (name, url, setting) in targets {
            var request = URLRequest(url: url, timeoutInterval: 5)
            request.httpMethod = "HEAD"
            // The transport every refresh and API call uses, so its proxy and TLS settings are the ones checked.
            do {
                let (_, response) = try await CurlTransport.shared.send(request)
                findings.append(
                    Finding(ok: true, title: "\(name) at \(url.absoluteString) answers (HTTP \(response.statusCode))"))
            } catch {
                let reason = (error as? TransportFailure)?.reason ?? "\(error)"
                findings.append(
                    Finding(
                        ok: false, title: "\(name) at \(url.absoluteString) is unreachable (\(reason))",
                        fix:
                            "Check the network, a proxy (HTTPS_PROXY, NO_PROXY), and \(setting.variable)."
                    ))
            }
        }
        return findings
    }
}
