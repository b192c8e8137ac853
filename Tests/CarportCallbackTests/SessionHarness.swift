import CarportApp
import CarportCallback
import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import SmartcarKit

/// A Connect session against the real emulator over HTTP, the live client and a real SQLite
/// store in a temporary directory. The test plays the browser: it asks the emulator's Connect for
/// the redirect (`emulator_auto`) and follows it to the catcher.
struct SessionHarness {
    private let optionalSession: ConnectSession?
    let emulator: Emulator
    let store: SQLiteConnectionStore
    let port: UInt16
    private let configuration: Configuration
    private let client: LiveSmartcarClient

    var session: ConnectSession { optionalSession! }

    private init(
        session: ConnectSession?, emulator: Emulator, store: SQLiteConnectionStore, port: UInt16,
        configuration: Configuration, client: LiveSmartcarClient
    ) {
        self.optionalSession = session
        self.emulator = emulator
        self.store = store
        self.port = port
        self.configuration = configuration
        self.client = client
    }

    /// `make`, then `body` with the harness; afterwards the emulator is stopped (awaited), also
    /// when `body` throws.
    static func with<Result>(
        timeout: Duration = .seconds(60), scopes: [String] = ["read_vehicle_info", "read_vin"],
        callbackPath: String = "/callback", complete: ConnectSession.Completion? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SessionHarness) async throws -> Result
    ) async throws -> Result {
        let harness = try await make(timeout: timeout, scopes: scopes, callbackPath: callbackPath, complete: complete)
        return try await withCleanup {
            try await body(harness)
        } cleanup: {
            await harness.shutDown()
        }
    }

    /// Builds the emulator with the catcher's redirect URI registered and starts the session.
    /// The port comes from `FreePort.next()`; should another program take it in the meantime,
    /// the whole set-up is tried again. Callers stop the emulator: `with` does.
    private static func make(
        timeout: Duration, scopes: [String], callbackPath: String, complete: ConnectSession.Completion?
    ) async throws -> SessionHarness {
        for attempt in 1...5 {
            let port = try FreePort.next()
            let redirect = "http://localhost:\(port)\(callbackPath)"
            let emulator = try await buildEmulator(config: EmulatorConfig(redirectURIs: [redirect]))
            do {
                if let harness = try await start(
                    emulator, port: port, redirect: redirect, timeout: timeout, scopes: scopes, complete: complete,
                    lastAttempt: attempt == 5)
                {
                    return harness
                }
            } catch {
                await emulator.stop()
                throw error
            }
            await emulator.stop()
        }
        throw CarportError(.internal, "unreachable")
    }

    /// Starts `emulator` and a session on `port`; nil when the port was taken meanwhile (unless
    /// this is the last attempt).
    private static func start(
        _ emulator: Emulator, port: UInt16, redirect: String, timeout: Duration, scopes: [String],
        complete: ConnectSession.Completion?, lastAttempt: Bool
    ) async throws -> SessionHarness? {
        do {
            try await emulator.start()
            let origin = emulator.baseURL.absoluteString
            let env = [
                "HOME": "/nonexistent", "SMARTCAR_CLIENT_ID": EmulatorConfig.demoClientId,
                "SMARTCAR_CLIENT_SECRET": EmulatorConfig.demoClientSecret, "SMARTCAR_REDIRECT_URI": redirect,
                "SMARTCAR_CONNECT_ORIGIN": origin, "SMARTCAR_AUTH_ORIGIN": origin, "SMARTCAR_API_ORIGIN": origin,
            ]
            let config = try Configuration.load(environment: env, readFile: { _ in nil })
            let home = try CarportBinary.temporaryHome()
            let store = try SQLiteConnectionStore.open(
                files: StoreFiles(home: home.appendingPathComponent("data")),
                clock: SystemClock(), osUser: "tester")
            let harness = SessionHarness(
                session: nil, emulator: emulator, store: store, port: port,
                configuration: config, client: try LiveSmartcarClient(configuration: config)
            )
            .with(timeout: timeout, scopes: scopes, complete: complete)
            _ = try await harness.session.start()
            return harness
        } catch let error as CarportError where error.kind == .usage && !lastAttempt {
            return nil
        }
    }

    /// Another session against the same emulator, store and port, started.
    func again(
        purpose: ConnectPurpose = .newConnection(customer: "ACME"), forcePrompt: Bool = false,
        complete: ConnectSession.Completion? = nil
    ) async throws -> SessionHarness {
        let harness = with(
            timeout: .seconds(60), scopes: ["read_vehicle_info", "read_vin"], purpose: purpose,
            forcePrompt: forcePrompt, complete: complete)
        do {
            _ = try await harness.session.start()
        } catch {
            // Name who holds the port: this process (a leak) or another program (a collision).
            let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }
            let holders = pids.filter { Listeners.held(on: port, by: [$0]) }.map { pid in
                let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "?"
                return
                    "\(pid == getpid() ? "this test process" : "pid \(pid)") \(command.split(separator: "\0").first ?? "")"
            }
            throw CarportError(.internal, "Port \(port) is held by: \(holders.joined(separator: ", ")). \(error)")
        }
        return harness
    }

    /// The linker this harness's sessions use.
    var linker: ConnectFlowLinker {
        ConnectFlowLinker(api: client, store: store, clock: SystemClock(), random: SystemRandom(), osUser: "tester")
    }

    private func with(
        timeout: Duration, scopes: [String], purpose: ConnectPurpose = .newConnection(customer: "ACME"),
        forcePrompt: Bool = false, complete: ConnectSession.Completion?
    ) -> SessionHarness {
        let linker = linker
        let settings = ConnectSession.Settings(
            request: ConnectRequest(
                clientId: configuration.clientId!, scopes: scopes.map { .init($0) },
                forcePrompt: forcePrompt, mode: .test),
            connectOrigin: configuration.connectOrigin, redirectURI: URL(string: configuration.redirectURI!)!,
            purpose: purpose, timeout: timeout, headDeadline: .seconds(30))
        let session = ConnectSession(
            settings: settings, random: SystemRandom(),
            complete: complete ?? { grant, redirect in
                guard case .code(let code) = grant else { throw CarportError(.internal, "expected a code") }
                return try await linker.link(
                    code: code, .init(customer: "ACME fleet", mode: .test, redirectURI: redirect))
            })
        return SessionHarness(
            session: session, emulator: emulator, store: store, port: port,
            configuration: configuration, client: client)
    }

    /// Where the emulator's Connect redirects for `auto` (`approve`, `deny` or an error name).
    func connectRedirect(
        _ addresses: ConnectSession.Addresses, auto: String = "approve",
        email: String? = nil
    ) async throws -> URL {
        let extra = email.map { "&emulator_email=\(FormEncoding.escape($0))" } ?? ""
        let url = URL(string: addresses.connectURL.absoluteString + "&emulator_auto=\(auto)" + extra)!
        let target = url.path + "?" + (url.query ?? "")
        let emulatorPort = UInt16(emulator.baseURL.port!)
        let response = try await RawHTTP.exchange(
            "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(emulatorPort)\r\nConnection: close\r\n\r\n", port: emulatorPort
        )
        guard RawHTTP.status(response) == 302,
            let line = response.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("location:") })
        else { throw CarportError(.internal, "Connect did not redirect: \(response.prefix(300))") }
        return URL(string: line.dropFirst("location:".count).trimmingCharacters(in: .whitespaces))!
    }

    /// Follows a redirect to the catcher, as the browser would: the path exactly as written.
    func follow(_ location: URL) async throws -> String {
        let path = URLComponents(url: location, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? location.path
        return try await RawHTTP.get(path + "?" + (location.query ?? ""), port: port)
    }

    static func state(of addresses: ConnectSession.Addresses) -> String {
        URLComponents(url: addresses.connectURL, resolvingAgainstBaseURL: false)!
            .queryItems!.first { $0.name == "state" }!.value!
    }

    func exchanges() async -> Int { await emulator.counters().exchanges }

    func shutDown() async { await emulator.stop() }
}
