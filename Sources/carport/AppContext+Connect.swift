import CarportCallback
import CarportCore
import CarportTUI
import Foundation

extension AppContext {
    /// Starts a Connect session for the TUI: a new connection with the configured mode and
    /// permissions, or a re-authorisation of a stored one (approval_prompt=force, same user only).
    /// The session's events become the Connect screen's events.
    func startConnect(_ purpose: ConnectPurpose, events: @escaping @Sendable (ConnectEvent) -> Void,
                      environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ConnectControl {
        let linker = ConnectFlowLinker(api: try smartcar(), store: store, clock: clock, random: random, osUser: osUser)
        let redirect = try ConnectCommand.redirectURI(configuration, port: nil)
        let clientId = try configuration.requireClientId()
        let request: ConnectRequest
        let complete: ConnectSession.Completion
        switch purpose {
        case .newConnection(let customer):
            let mode = configuration.mode
            request = ConnectRequest(clientId: clientId, scopes: configuration.scopes.map(ConnectRequest.Scope.init(parsing:)),
                                     mode: mode)
            complete = { grant, redirectURI in
                guard case .code(let code) = grant else { throw CarportError(.internal, "Connect returned no code.") }
                return try await linker.link(code: code, .init(customer: customer, mode: mode, redirectURI: redirectURI))
            }
        case .reauthenticate(let connectionId, _):
            guard let row = try await store.connection(id: connectionId) else {
                throw CarportError(.notFound, "Connection \(connectionId) is no longer in the store.")
            }
            request = ConnectRequest(clientId: clientId, scopes: row.scopes.map { ConnectRequest.Scope($0) },
                                     forcePrompt: true, mode: row.mode)
            complete = { grant, redirectURI in
                guard case .code(let code) = grant else { throw CarportError(.internal, "Connect returned no code.") }
                return try await linker.reauthorize(row, code: code, redirectURI: redirectURI)
            }
        }
        let session = ConnectSession(
            settings: .init(request: request, connectOrigin: configuration.connectOrigin, redirectURI: redirect),
            random: random, complete: complete)
        Task {
            for await event in session.events {
                if let translated = Self.screenEvent(event, environment: environment) { events(translated) }
            }
        }
        _ = try await session.start()
        return ConnectControl(
            submitRedirect: { text in
                if await session.paste(text) == nil {
                    events(.rejected("That is not a redirect URL (it has no ?code=… or ?error=… part). Still waiting."))
                }
            },
            cancel: { await session.cancel() })
    }

    private static func screenEvent(_ event: ConnectSession.Event, environment: [String: String]) -> ConnectEvent? {
        switch event {
        case .ready(let addresses):
            return .urlsReady(ConnectURLs(
                short: (addresses.shortURL ?? addresses.connectURL).absoluteString, full: addresses.connectURL.absoluteString,
                sshHint: addresses.port.flatMap { SSHTunnelHint.command(port: $0, environment: environment) }))
        case .rejected(let source, let rejection):
            return .rejected("Refused a \(source == .browser ? "callback" : "pasted URL"): \(rejection.reason) Still waiting.")
        case .accepted:
            return .exchanging
        case .linked(let linked):
            return .linked(ConnectOutcome(connectionId: linked.connection.id, customer: linked.connection.customer,
                                          vehicleCount: linked.vehicles.count, moves: linked.moves))
        case .failed(let error):
            return .failed(error)
        }
    }
}
