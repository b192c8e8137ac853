import ArgumentParser
import CarportApp
import CarportCore
import CarportStore
import Foundation
import SmartcarKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration, the store, the key and the network; each problem comes with its fix.",
        discussion: "Exit 0 when every check passes, 1 otherwise.")

    @Flag(help: "Skip the network checks of the Smartcar origins.")
    var offline = false

    struct Finding {
        let ok: Bool
        let title: String
        var fix: String?
    }

    func run() async throws {
        var findings: [Finding] = []
        let environment = ProcessInfo.processInfo.environment
        let configuration: Configuration
        do {
            configuration = try Configuration.load(environment: environment)
            findings.append(
                Finding(
                    ok: true,
                    title: "configuration read" + (configuration.file.map { " (\($0.path))" } ?? " (environment only)"))
            )
        } catch let error as CarportError {
            report([Finding(ok: false, title: "configuration", fix: error.message)])
            throw ExitCode(1)
        }
        findings += Self.credentials(configuration, environment: environment)
        findings += Self.redirect(configuration)
        findings += await Self.store(configuration)
        if !offline { findings += await Self.reachability(configuration) }
        report(findings)
        if findings.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }

    private func report(_ findings: [Finding]) {
        let style = TerminalStyle.forStandardOutput()
        for f in findings {
            print("\(f.ok ? style.paint("ok  ", .good) : style.paint("FAIL", .bad)) \(f.title)")
            if let fix = f.fix { print(fix.split(separator: "\n").map { "     \($0)" }.joined(separator: "\n")) }
        }
        let failed = findings.filter { !$0.ok }.count
        print(failed == 0 ? "\nEverything looks right." : "\n\(failed) problem\(failed == 1 ? "" : "s") found.")
    }

    static func credentials(_ c: Configuration, environment: [String: String]) -> [Finding] {
        var findings = [Finding]()
        do {
            findings.append(Finding(ok: true, title: "client id \(try c.requireClientId())"))
        } catch let error as CarportError {
            findings.append(Finding(ok: false, title: "client id", fix: error.message))
        } catch {}
        do {
            _ = try c.requireClientSecret()
        } catch let error as CarportError {
            findings.append(Finding(ok: false, title: "client secret", fix: error.message))
            return findings
        } catch {}
        if environment["SMARTCAR_CLIENT_SECRET"]?.isEmpty == false {
            findings.append(Finding(ok: true, title: "client secret (from SMARTCAR_CLIENT_SECRET)"))
        } else if let path = c.clientSecretFile?.path {
            do {
                try StoreFiles.refuseExposed(URL(fileURLWithPath: path))
                findings.append(Finding(ok: true, title: "client secret (from \(path), private)"))
            } catch let error as CarportError {
                findings.append(Finding(ok: false, title: "client secret file \(path)", fix: error.message))
            } catch {}
        }
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
        guard let url = URL(string: text), let scheme = url.scheme, let host = url.host else {
            return [
                Finding(
                    ok: false, title: "redirect URI \(text)",
                    fix: "It is not a URL; use e.g. http://localhost:8000/callback.")
            ]
        }
        if scheme == "https" {
            return [
                Finding(
                    ok: true,
                    title: "redirect URI \(text) (https: the callback is caught elsewhere; paste the redirect URL)")
            ]
        }
        guard scheme == "http", host == "localhost", let port = url.port, url.path.count > 1 else {
            return [
                Finding(
                    ok: false, title: "redirect URI \(text)",
                    fix:
                        "Smartcar accepts plain http only for localhost: use http://localhost:PORT/callback (with an explicit port and path) or an https URL."
                )
            ]
        }
        var findings = [Finding(ok: true, title: "redirect URI \(text)")]
        for ipv6 in [false, true] {
            let stack = ipv6 ? "[::1]" : "127.0.0.1"
            if let why = LoopbackPort.bindError(UInt16(port), ipv6: ipv6) {
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
        guard FileManager.default.fileExists(atPath: files.database.path) else {
            return [
                Finding(
                    ok: true, title: "no store yet at \(files.database.path) (created by the first `carport connect`)")
            ]
        }
        do {
            let store = try SQLiteConnectionStore.open(files: files, clock: SystemClock(), osUser: "doctor")
            var findings = [
                Finding(
                    ok: true,
                    title: "store \(files.database.path) opens with key \(files.key.path); permissions private")
            ]
            let integrity = try await store.integrityCheck()
            findings.append(
                integrity == "ok"
                    ? Finding(ok: true, title: "store integrity ok")
                    : Finding(
                        ok: false, title: "store integrity: \(integrity)",
                        fix:
                            "Stop every carport, copy the database aside, and restore it from a backup; carport never repairs a store by itself."
                    ))
            try store.close()
            return findings
        } catch let error as CarportError {
            return [Finding(ok: false, title: "store \(files.database.path)", fix: error.message)]
        } catch {
            return [Finding(ok: false, title: "store \(files.database.path)", fix: "\(error)")]
        }
    }

    static func reachability(_ c: Configuration) async -> [Finding] {
        let targets = [("Connect", c.connectOrigin), ("token service", c.tokenURL), ("Vehicle API", c.apiOrigin)]
        var findings: [Finding] = []
        for (name, url) in targets {
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
                            "Check the network, a proxy (HTTPS_PROXY, NO_PROXY), and SMARTCAR_\(name == "Connect" ? "CONNECT" : name == "token service" ? "AUTH" : "API")_ORIGIN."
                    ))
            }
        }
        return findings
    }
}
