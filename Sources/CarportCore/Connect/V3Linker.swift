import Foundation

/// Linking for a v3 app (docs/SMARTCAR.md §10.3): Connect hands back the customer's Smartcar user
/// id, not a code, so nothing is exchanged and no pair is stored. The connection is stored at once
/// with the user id (the customer's part is done and must not be asked again), then the user's
/// connections list says which vehicles it reaches and with which permissions; what Smartcar does
/// not answer is a gap (`LinkGaps`) that `carport refresh` reads later, as for a classic link.
public struct V3Linker: Sendable {
    let api: any SmartcarV3API
    let tokens: AppTokenCache
    let store: any ConnectionStore
    let clock: any WallClock
    let random: any RandomSource
    let osUser: String

    public init(
        api: any SmartcarV3API, tokens: AppTokenCache, store: any ConnectionStore, clock: any WallClock,
        random: any RandomSource, osUser: String
    ) {
        self.api = api
        self.tokens = tokens
        self.store = store
        self.clock = clock
        self.random = random
        self.osUser = osUser
    }

    /// Stores a new v3 connection for `userId`, then reads its vehicles.
    public func link(userId: String, _ options: ConnectFlowLinker.Options) async throws -> ConnectFlowLinker.Linked {
        let now = clock.now()
        let connection = Connection(
            id: random.uuid(), smartcarUserId: userId, customer: options.customer, mode: options.mode, scopes: [],
            credentials: .application(confirmedAt: now), createdAt: now, updatedAt: now)
        do {
            try await store.insertRetrying(
                connection, gaps: LinkGaps(vehicleList: true),
                audit: AuditEntry(
                    at: now, osUser: osUser, action: "connect", connectionId: connection.id, outcome: "ok",
                    detail: "customer \(options.customer): v3 connection of Smartcar user \(userId) stored"))
        } catch let error as CarportError {
            try? await store.recordAudit(
                AuditEntry(
                    at: clock.now(), osUser: osUser, action: "connect", outcome: error.kind.rawValue,
                    detail: "customer \(options.customer): \(error.message)"))
            throw error
        }
        return await completeLink(connection, known: [])
    }

    /// A v3 connection whose Smartcar user connected again (`carport reauth`): the same user
    /// brings it back (re-auth reason cleared, vehicles and permissions listed again); another
    /// user's Connect is kept as a new connection and said so, as for a classic re-authorisation.
    public func reauthorize(_ connection: Connection, userId: String, mode: ConnectMode) async throws
        -> ConnectFlowLinker.Linked
    {
        guard userId == connection.smartcarUserId else {
            var kept = try await link(
                userId: userId, .init(customer: connection.customer, mode: mode, redirectURI: nil))
            kept.otherUserOf = connection.summary
            return kept
        }
        let now = clock.now()
        let confirmed = try await store.confirmApplicationLinks(
            [connection.id], at: now,
            audit: AuditEntry(
                at: now, osUser: osUser, action: "reauth", connectionId: connection.id, outcome: "ok",
                detail: "Smartcar user \(userId) connected again (v3)"))
        guard confirmed == 1 else {
            throw CarportError(.notFound, "Connection \(connection.id) is no longer in the store; nothing was changed.")
        }
        var updated = connection
        updated.credentials = .application(confirmedAt: now)
        updated.reauthReason = nil
        updated.updatedAt = now
        return await completeLink(updated, known: try await store.vehicles(connectionId: connection.id))
    }

    /// Reads the vehicles and writes them; a failed write leaves every gap for `carport refresh`.
    private func completeLink(_ connection: Connection, known: [Vehicle]) async -> ConnectFlowLinker.Linked {
        let gaps = LinkGaps(vehicleList: true)
        let read = await self.read(connectionId: connection.id, userId: connection.smartcarUserId, known: known)
        let audit = read.incompleteAudit(at: clock.now(), osUser: osUser)
        guard let moves = try? await store.complete(read, audit: audit) else {
            return .init(connection: connection, vehicles: known, moves: [], gaps: gaps)
        }
        var linked = connection
        linked.scopes = Array(Set(connection.scopes).union(read.scopes)).sorted()
        return .init(connection: linked, vehicles: read.vehicles, moves: moves, gaps: read.gaps)
    }

    /// What the user's connections list says now: every vehicle it reaches (attributes from the
    /// list's vehicle summary, else `GET /v3/vehicles/{id}`) and the permissions granted. Never
    /// throws: an unanswered list leaves the vehicle list a gap, an unread vehicle its attributes.
    public func read(connectionId: String, userId: String, known: [Vehicle]) async -> LinkCompletion {
        var result = LinkCompletion(connectionId: connectionId, gaps: LinkGaps(vehicleList: true))
        let listed: [SmartcarV3Connection]
        do {
            listed = try await tokens.withToken { try await api.connections(userId: userId, appToken: $0) }
        } catch {
            result.firstError = CarportError.from(error).message
            return result
        }
        result.gaps.vehicleList = false
        var scopes = Set<String>()
        for link in listed {
            scopes.formUnion(link.permissions)
            var vehicle =
                known.first { $0.id == link.vehicleId }
                ?? Vehicle(
                    id: link.vehicleId, connectionId: connectionId, make: "", model: "", year: Vehicle.unknownYear)
            var summary = link.vehicle
            if summary?.make == nil || summary?.model == nil, vehicle.make.isEmpty {
                do {
                    summary = try await tokens.withToken {
                        try await api.vehicle(link.vehicleId, userId: userId, appToken: $0)
                    }
                } catch {
                    result.firstError = result.firstError ?? CarportError.from(error).message
                    result.gaps.vehicles[link.vehicleId] = [.attributes]
                }
            }
            if let summary, let make = summary.make, let model = summary.model {
                (vehicle.make, vehicle.model) = (make, model)
                vehicle.year = summary.year ?? Vehicle.unknownYear
            }
            result.vehicles.append(vehicle.stored)
        }
        result.scopes = scopes.sorted()
        return result
    }
}
