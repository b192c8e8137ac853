import CarportCore
import Foundation

/// `ManagementAPI` for a v3 app (docs/SMARTCAR.md §10.3): `GET /v3/connections` with the
/// application token and no user, one page per call (the cursor is the next page number), so
/// `carport reconcile` reads a fleet's worth a page at a time. A delete by vehicle ends each of its
/// connections (`DELETE /v3/connections/{id}`), a delete by user `DELETE /v3/users/{id}`.
public struct LiveV3ManagementClient: ManagementAPI {
    let client: LiveSmartcarV3Client
    let tokens: AppTokenCache

    public init(client: LiveSmartcarV3Client, tokens: AppTokenCache) {
        self.client = client
        self.tokens = tokens
    }

    public func connections(after cursor: String?) async throws -> ManagedConnectionPage {
        let number = cursor.flatMap { Int($0) } ?? 1
        let page = try await tokens.withToken { try await client.connectionsPage(number, appToken: $0) }
        return ManagedConnectionPage(
            connections: page.connections.map(Self.managed), cursor: page.more ? "\(number + 1)" : nil)
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
