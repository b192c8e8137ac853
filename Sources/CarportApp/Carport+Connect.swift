import CarportCallback
import CarportCore
import CarportTUI
import Foundation

/// Connect sessions built from the configuration, for `carport connect`, `carport reauth` and the TUI.
extension Carport {
    /// A session that links a new connection of `kind` for `customer` with `request`, whose client
    /// id is `connectClientId(kind)`.
    public func connectSession(
        customer: String, request: ConnectRequest, kind: ApplicationKind = .classic, port: UInt16? = nil,
        timeout: Duration = .seconds(600)
    ) throws -> ConnectSession {
        try session(
            .newConnection(customer: customer), request: request, kind: kind, row: nil, port: port, timeout: timeout)
    }

    /// The kind a new connection gets: `requested`, else `ApplicationKind.connectDefault`.
    public func connectKind(_ requested: ApplicationKind? = nil) -> ApplicationKind {
        requested ?? .connectDefault(configured: configuration.applicationKinds)
    }

    /// What Connect's `client_id` carries: the classic client id, or a v3 app's Application ID
    /// (docs/SMARTCAR.md §11 says why not `application_id`).
    public func connectClientId(_ kind: ApplicationKind) throws -> String {
        kind == .v3 ? try configuration.requireApplicationId() : try configuration.requireClientId()
    }

    /// A session that mends `row`: with `vehicle`, the `/oauth/reauthenticate` flow for that
    /// vehicle's carmaker login; without, a forced Connect session whose code replaces the pair
    /// (same Smartcar user only).
    public func reauthSession(
        _ row: Connection, vehicle: String? = nil, port: UInt16? = nil, timeout: Duration = .seconds(600)
    ) throws -> ConnectSession {
        if vehicle != nil, row.kind == .v3 {
            throw CarportError(
                .usage,
                "Connection \(row.id) is a v3 connection: re-authenticating one vehicle's carmaker login is a classic "
                    + "flow. Run `carport reauth \(row.id)` without --vehicle: the customer connects again.")
        }
        let purpose: ConnectPurpose =
            vehicle.map { .reauthenticateVehicle(connectionId: row.id, customer: row.customer, vehicleId: $0) }
            ?? .reauthorize(connectionId: row.id, customer: row.customer)
        let request = ConnectRequest(
            clientId: try connectClientId(row.kind), scopes: row.scopes.map { ConnectRequest.Scope($0) },
            forcePrompt: true, mode: row.mode)
        return try session(purpose, request: request, kind: row.kind, row: row, port: port, timeout: timeout)
    }

    /// The TUI's Connect port: starts a session and reports it as the Connect screen's events.
    public func startConnect(
        _ purpose: ConnectPurpose, choices: ConnectChoices = ConnectChoices(),
        events: @escaping @Sendable (ConnectEvent) -> Void,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> ConnectControl {
        let session: ConnectSession
        if let connectionId = purpose.connectionId {
            guard let row = try await store.connection(id: connectionId) else {
                throw CarportError(.notFound, "Connection \(connectionId) is no longer in the store.")
            }
            var vehicle: String?
            if case .reauthenticateVehicle(_, _, let id) = purpose { vehicle = id }
            session = try reauthSession(row, vehicle: vehicle)
        } else {
            let kind = connectKind(choices.kind)
            let request = ConnectRequest(
                clientId: try connectClientId(kind),
                scopes: (choices.scopes ?? configuration.scopes).map(ConnectRequest.Scope.init(parsing:)),
                mode: configuration.mode, singleSelect: choices.singleSelectVIN.map { .vin($0) },
                flags: try ConnectFlags.parse(country: choices.country, others: choices.flags))
            session = try connectSession(customer: purpose.customer, request: request, kind: kind)
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
                if await session.paste(text) == nil { events(.rejected(ConnectSession.notARedirect)) }
            },
            cancel: { await session.cancel() })
    }

    static func screenEvent(_ event: ConnectSession.Event, environment: [String: String]) -> ConnectEvent {
        switch event {
        case .ready(let addresses):
            let hint = addresses.port.flatMap { SSHTunnelHint.command(port: $0, environment: environment) }
            return .urlsReady(
                ConnectURLs(
                    short: (addresses.shortURL ?? addresses.connectURL).absoluteString,
                    full: addresses.connectURL.absoluteString, sshHint: hint,
                    qrCode: try? QRCode.encoding(addresses.connectURL.absoluteString),
                    hostedPage: addresses.hostedPage ? addresses.redirectURI : nil))
        case .rejected(let source, let rejection):
            return .rejected(ConnectSession.refusal(source, rejection))
        case .accepted: return .exchanging
        case .linked(let linked):
            var notes: [String] = []
            if let old = linked.otherUserOf {
                notes.append(
                    "Kept as a new connection: this grant is not \(old.id)'s Smartcar user (or that user could not "
                        + "be read); \(old.id) still needs re-authentication.")
            }
            if !linked.gaps.isEmpty { notes.append(linked.gaps.note(connectionId: linked.connection.id)) }
            return .linked(
                ConnectOutcome(
                    connectionId: linked.connection.id, customer: linked.connection.customer,
                    vehicleCount: linked.vehicles.count, moves: linked.moves, notes: notes))
        case .failed(let error): return .failed(error)
        }
    }

    /// The configured redirect URI, with its port replaced by `--port`.
    public func redirectURI(port: UInt16?) throws -> URL {
        try RedirectURI(configuration.requireRedirectURI(), port: port).url
    }

    private func session(
        _ purpose: ConnectPurpose, request: ConnectRequest, kind: ApplicationKind, row: Connection?, port: UInt16?,
        timeout: Duration
    ) throws -> ConnectSession {
        let settings = ConnectSession.Settings(
            request: request, connectOrigin: configuration.connectOrigin, redirectURI: try redirectURI(port: port),
            purpose: purpose, timeout: timeout, hostedPage: configuration.callbackPage == .hosted, application: kind)
        if kind == .v3 {
            let linker = try v3Linker()
            return ConnectSession(settings: settings, random: random) { grant, _ in
                guard case .userId(let userId) = grant else {
                    throw CarportError(.internal, "Connect returned no user id to a v3 session.")
                }
                guard let row else {
                    return try await linker.link(
                        userId: userId, .init(customer: purpose.customer, mode: request.mode, redirectURI: nil))
                }
                return try await linker.reauthorize(row, userId: userId, mode: request.mode)
            }
        }
        let linker = ConnectFlowLinker(api: try smartcar(), store: store, clock: clock, random: random, osUser: osUser)
        return ConnectSession(settings: settings, random: random) { grant, redirectURI in
            switch (grant, row) {
            case (.code(let code), nil):
                return try await linker.link(
                    code: code, .init(customer: purpose.customer, mode: request.mode, redirectURI: redirectURI))
            case (.code(let code), let row?):
                return try await linker.reauthorize(row, code: code, redirectURI: redirectURI)
            case (.vehicleId(let id), let row?):
                guard case .reauthenticateVehicle(_, _, let expected) = purpose else {
                    throw CarportError(.internal, "Connect returned a vehicle id to a session that expected a code.")
                }
                return try await linker.confirmReauthentication(row, vehicleId: id, expected: expected)
            case (.vehicleId, nil), (.userId, _):
                throw CarportError(.internal, "Connect returned no code.")
            }
        }
    }
}
