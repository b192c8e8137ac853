import CarportCore
import Foundation

/// `ManagementAPI` for a v3 app (docs/SMARTCAR.md §10.3): `GET /v3/connections` with the
/// application token and no user, one page per call, so `carport reconcile` reads a fleet's worth
/// a page at a time. The cursor carries the next page number, the rows seen and the first page's
/// first row: the list ends at an empty page, `meta.totalCount` rows seen, or (without a count) no
/// `links.next`; a page that starts like the first is a server ignoring `page[number]`, refused. A delete by vehicle ends each of its
/// connections (`DELETE /v3/connections/{id}`), a delete by user `DELETE /v3/users/{id}`.
public struct LiveV3ManagementClient: ManagementAPI {
    let client: LiveSmartcarV3Client
    let tokens: AppTokenCache

    public init(client: LiveSmartcarV3Client, tokens: AppTokenCache) {
        self.client = client
        self.tokens = tokens
    }

    public func connections(after cursor: String?) async throws -> ManagedConnectionPage {
        let parts = (cursor ?? "").split(separator: " ", maxSplits: 2).map(String.init)
        let (number, seen) = (parts.first.flatMap { Int($0) } ?? 1, parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
        let first = parts.count > 2 ? parts[2] : nil
        let page = try await tokens.withToken { try await client.connectionsPage(number, appToken: $0) }
        if number > 1, let first, page.rowIds.first == first {
            throw CarportError(
                .transient,
                "Smartcar's v3 list of connections answered page \(number) with its first page again; try again later.")
        }
        let total = seen + page.rowIds.count
        let more = !page.rowIds.isEmpty && (page.totalCount.map { total < $0 } ?? page.hasNext)
        let next = "\(number + 1) \(total) \(first ?? page.rowIds.first ?? "")"
        return ManagedConnectionPage(connections: page.connections.map(Self.managed), cursor: more ? next : nil)
    }

    public func deleteConnections(_ selector: ManagedConnectionSelector) async throws -> [ManagedConnection] {
        try await tokens.withToken { token in
            switch selector {
            case .vehicle(let vehicleId):
                let listed = try await client.connections(
                    filter: [("filter[vehicleId]", vehicleId)], userId: nil, appToken: token)
                for connection in listed {
                    try await client.disconnect(connectionId: connection.id, userId: connection.userId, appToken: token)
                }
                return listed.map(Self.managed)
            case .user(let userId):
                let listed = try await client.connections(userId: userId, appToken: token)
                try await client.deleteUser(userId, appToken: token)
                return listed.map(Self.managed)
            }
        }
    }

    static func managed(_ connection: SmartcarV3Connection) -> ManagedConnection {
        ManagedConnection(vehicleId: connection.vehicleId, userId: connection.userId, mode: connection.vehicle?.mode)
    }
}
