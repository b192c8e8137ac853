import CarportCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The v3 calls for one Smartcar user (docs/SMARTCAR.md §10.4): reads are retried like any read;
/// a command or a disconnect is sent again only when it cannot have reached Smartcar.
extension LiveSmartcarV3Client {
    /// Items per page asked for; Smartcar's default is 10.
    static let pageSize = 50
    /// More pages than this is a server that ignores paging: stop rather than loop.
    static let maxPages = 200

    /// A connection that names no vehicle is left out.
    public func connections(userId: String, appToken: Secret) async throws -> [SmartcarV3Connection] {
        try await connections(filter: [("filter[userId]", userId)], userId: userId, appToken: appToken)
    }

    /// Every page of the connections `filter` selects (`filter[vehicleId]`, `filter[userId]`).
    func connections(filter: [(String, String)], userId: String?, appToken: Secret) async throws
        -> [SmartcarV3Connection]
    {
        let rows: [V3ConnectionWire] = try await allPages(
            SmartcarPaths.v3Connections, filter: filter, userId: userId, token: appToken,
            what: "the v3 list of connections", id: \.id
        ).items
        return rows.compactMap(Self.connection)
    }

    /// One page of every connection of the app (no user named), `page[size]` 100: for `carport
    /// reconcile`, which reads a fleet's worth a page at a time. Smartcar may send fewer per page.
    func connectionsPage(_ number: Int, appToken: Secret) async throws -> V3ConnectionsPage {
        let what = "page \(number) of the v3 list of connections"
        let query = [("page[number]", "\(number)"), ("page[size]", "\(Self.managementPageSize)")]
        let (body, _) = try await send(
            "GET", SmartcarPaths.v3Connections, query: query, userId: nil, token: appToken, replay: .read, what: what)
        let page: V3ListWire<V3ConnectionWire> = try http.decode(body, what: what, replay: .read)
        return V3ConnectionsPage(
            connections: page.data.compactMap(Self.connection), rowIds: page.data.map(\.id),
            totalCount: page.meta?.totalCount, hasNext: page.links?.next != nil)
    }

    /// One page of `GET /v3/connections`: what it held and where the list ends.
    struct V3ConnectionsPage {
        var connections: [SmartcarV3Connection]
        /// Every row's id, those naming no vehicle included.
        var rowIds: [String]
        var totalCount: Int?
        var hasNext: Bool
    }

    /// Items per page of `connectionsPage` (Smartcar's largest).
    static let managementPageSize = 100

    static func connection(_ row: V3ConnectionWire) -> SmartcarV3Connection? {
        guard let vehicleId = row.relationships?.vehicle?.data?.id,
            let userId = row.relationships?.user?.data?.id
        else { return nil }
        return SmartcarV3Connection(
            id: row.id, vehicleId: vehicleId, userId: userId, permissions: row.attributes?.permissions ?? [],
            vehicle: row.attributes?.vehicle.map { Self.vehicle(vehicleId, $0) })
    }

    /// `DELETE /v3/users/{userId}`: ends every connection of the user.
    func deleteUser(_ userId: String, appToken: Secret) async throws {
        _ = try await send(
            "DELETE", SmartcarPaths.v3User(userId), userId: userId, token: appToken, replay: .onlyIfNotSent,
            what: "the removal of Smartcar user \(userId)")
    }

    public func vehicle(_ vehicleId: String, userId: String, appToken: Secret) async throws -> SmartcarV3Vehicle {
        let what = "GET /v3/vehicles/\(vehicleId)"
        let (body, _) = try await send(
            "GET", SmartcarPaths.v3Vehicle(vehicleId), userId: userId, token: appToken, replay: .read, what: what)
        let wire: V3ResourceWire<V3VehicleWire> = try http.decode(body, what: what, replay: .read)
        return wire.item.attributes.map { Self.vehicle(wire.item.id, $0) } ?? SmartcarV3Vehicle(id: wire.item.id)
    }

    public func signals(vehicleId: String, userId: String, appToken: Secret) async throws -> SignalReadings {
        let page: (items: [V3SignalWire], requestId: String?) = try await allPages(
            SmartcarPaths.v3Vehicle(vehicleId, "/signals"), userId: userId, token: appToken,
            what: "the signals of vehicle \(vehicleId)", id: \.attributes.code)
        return SignalReadings(page.items, requestId: page.requestId, secrets: [appToken])
    }

    public func signal(
        _ code: SignalCode, vehicleId: String, userId: String, appToken: Secret
    ) async throws -> SignalReadings {
        let what = "the \(code.rawValue) signal of vehicle \(vehicleId)"
        let (body, response) = try await send(
            "GET", SmartcarPaths.v3Vehicle(vehicleId, "/signals/\(code.rawValue)"), userId: userId, token: appToken,
            replay: .read, what: what)
        let wire: V3ResourceWire<V3SignalWire> = try http.decode(body, what: what, replay: .read)
        return SignalReadings([wire.item], requestId: LiveSmartcarClient.meta(response).requestId, secrets: [appToken])
    }

    public func disconnect(connectionId: String, userId: String, appToken: Secret) async throws {
        _ = try await send(
            "DELETE", SmartcarPaths.v3Connections + "/\(connectionId)", userId: userId, token: appToken,
            replay: .onlyIfNotSent, what: "the disconnect of connection \(connectionId)")
    }

    static func vehicle(_ id: String, _ a: V3VehicleWire.Attributes) -> SmartcarV3Vehicle {
        SmartcarV3Vehicle(
            id: id, make: a.make, model: a.model, year: a.year.flatMap { (1886...2200).contains($0) ? $0 : nil },
            powertrainType: a.powertrainType, mode: a.mode)
    }

    /// Every page of a JSON:API list, `page[number]` from 1, each item once (by `id`): stops at an
    /// empty page, a page with nothing new (a server ignoring the page number), `meta.totalCount`
    /// reached, or, without a count, no `links.next`. Returns the first page's request id.
    func allPages<Item: Decodable & Sendable>(
        _ path: String, filter: [(String, String)] = [], userId: String?, token: Secret, what: String,
        id: KeyPath<Item, String>
    ) async throws -> (items: [Item], requestId: String?) {
        var items: [Item] = []
        var seen = Set<String>()
        var requestId: String?
        for number in 1...Self.maxPages {
            let query = filter + [("page[number]", "\(number)"), ("page[size]", "\(Self.pageSize)")]
            let (body, response) = try await send(
                "GET", path, query: query, userId: userId, token: token, replay: .read, what: what)
            requestId = requestId ?? LiveSmartcarClient.meta(response).requestId
            let page: V3ListWire<Item> = try http.decode(body, what: what, replay: .read)
            let fresh = page.data.filter { seen.insert($0[keyPath: id]).inserted }
            items += fresh
            let done = page.meta?.totalCount.map { items.count >= $0 } ?? (page.links?.next == nil)
            if fresh.isEmpty || done { break }
        }
        return (items, requestId)
    }
}
