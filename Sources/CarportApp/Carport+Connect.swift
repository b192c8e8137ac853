import CarportCallback
import CarportCore
import CarportTUI
import Foundation

/// Connect sessions built from the carport, for `carport connect`, `carport reauth` and the TUI.
extension Carport {
    /// A session that links a new connection for `customer`.
    public func connectSession(
        customer: String, request: ConnectRequest, port: UInt16? = nil,
        timeout: Duration = .seconds(600)
    ) throws -> ConnectSession {
        let linker = try connectLinker()
        return ConnectSession(
            settings: try sessionSettings(request, port: port, kind: .connect, timeout: timeout),
            random: random
        ) { grant, redirectURI in
            guard case .code(let code) = grant else { throw CarportError(.internal, "Connect returned no code.") }
            return try await linker.link(
                code: code, .init(customer: customer, mode: request.mode, redirectURI: redirectURI))
        }
    }

    /// A session that re-authorises `row`: a forced Connect session whose code replaces the pair
    /// (same Smartcar user only), or with `vehicle` the `/oauth/reauthenticate` flow for one vehicle.
    public func reauthSession(
        _ row: Connection, vehicle: String? = nil, port: UInt16? = nil,
        timeout: Duration = .seconds(600)
    ) throws -> ConnectSession {
        let linker = try connectLinker()
        let request = ConnectRequest(
            clientId: try configuration.requireClientId(),
            scopes: row.scopes.map { ConnectRequest.Scope($0) }, forcePrompt: true, mode: row.mode)
        let kind: ConnectSession.Kind = vehicle.map { .reauthenticate(vehicleId: $0) } ?? .connect
        return ConnectSession(
            settings: try sessionSettings(request, port: port, kind: kind, timeout: timeout),
            random: random
        ) { grant, redirectURI in
            switch grant {
            case .code(let code):
                try await linker.reauthorize(row, code: code, redirectURI: redirectURI)
            case .vehicleId(let id):
                try await linker.confirmReauthentication(row, vehicleId: id, expected: vehicle ?? id)
            }
        }
    }

    /// The TUI's Connect port: starts a session and reports it as the Connect screen's events.
    public func startConnect(
        _ purpose: ConnectPurpose, events: @escaping @Sendable (ConnectEvent) -> Void,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> ConnectControl {
        let session: ConnectSession
        switch purpose {
        case .newConnection(let customer):
            let request = ConnectRequest(
                clientId: try configuration.requireClientId(),
                scopes: configuration.scopes.map(ConnectRequest.Scope.init(parsing:)),
                mode: configuration.mode)
            session = try connectSession(customer: customer, request: request)
        case .reauthenticate(let connectionId, _):
            guard let row = try await store.connection(id: connectionId) else {
                throw CarportError(.notFound, "Connection \(connectionId) is no longer in the store.")
            }
            session = try reauthSession(row)
        }
        let forwarding = Task {
            for await event in session.events { events(Self.screenEvent(event, environment: environment)) }
        }
        do {
            _ = try await session.start()
        } catch {
            forwarding.cancel()
            throw error
        }
        return ConnectControl(
            submitRedirect: { text in
                if await session.paste(text) == nil {
                    events(.rejected("That is not a redirect URL (it has no ?code=… or ?error=… part). Still waiting."))
                }
            },
            cancel: { await session.cancel() })
    }

    public static func screenEvent(_ event: ConnectSession.Event, environment: [String: String]) -> ConnectEvent {
        switch event {
        case .ready(let addresses):
            let hint = addresses.port.flatMap { SSHTunnelHint.command(port: $0, environment: environment) }
            return .urlsReady(
                ConnectURLs(
                    short: (addresses.shortURL ?? addresses.connectURL).absoluteString,
                    full: addresses.connectURL.absoluteString, sshHint: hint))
        case .rejected(let source, let rejection):
            return .rejected(
                "Refused a \(source == .browser ? "callback" : "pasted URL"): \(rejection.reason) Still waiting.")
        case .accepted: return .exchanging
        case .linked(let linked):
            return .linked(
                ConnectOutcome(
                    connectionId: linked.connection.id, customer: linked.connection.customer,
                    vehicleCount: linked.vehicles.count, moves: linked.moves))
        case .failed(let error): return .failed(error)
        }
    }

    private func connectLinker() throws -> ConnectFlowLinker {
        ConnectFlowLinker(api: try smartcar(), store: store, clock: clock, random: random, osUser: osUser)
    }

    private func sessionSettings(
        _ request: ConnectRequest, port: UInt16?, kind: ConnectSession.Kind,
        timeout: Duration
    ) throws -> ConnectSession.Settings {
        ConnectSession.Settings(
            request: request, connectOrigin: configuration.connectOrigin,
            redirectURI: try redirectURI(port: port), kind: kind, timeout: timeout)
    }

    /// The configured redirect URI, with its port replaced by `--port`.
    public func redirectURI(port: UInt16?) throws -> URL {
        let text = try configuration.requireRedirectURI()
        guard var components = URLComponents(string: text), components.scheme != nil, components.host != nil else {
            throw CarportError(
                .configuration, "SMARTCAR_REDIRECT_URI `\(text)` is not a URL like http://localhost:8000/callback.")
        }
        if let port { components.port = Int(port) }
        return components.url!
    }
}
