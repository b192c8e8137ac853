import CarportCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension SmartcarPaths {
    public static let managementConnections = "/v2.0/management/connections"
    /// The largest page the Management API serves.
    public static let managementPageLimit = 100
}

/// Smartcar's v2.0 Management API (docs/SMARTCAR.md §5.8) through the live client's transport,
/// retry policy and error parser, with `Authorization: Basic base64("default:" + token)`, the
/// application management token. A list page is a read (retried as one); a delete is sent again
/// only when it cannot have reached Smartcar.
public struct LiveManagementClient: ManagementAPI {
    let client: LiveSmartcarClient
    let origin: URL
    let token: Secret

    public init(client: LiveSmartcarClient, origin: URL, token: Secret) {
        self.client = client
        self.origin = origin
        self.token = token
    }

    public func connections(after cursor: String?) async throws -> ManagedConnectionPage {
        var query = [("limit", "\(SmartcarPaths.managementPageLimit)")]
        if let cursor { query.append(("cursor", cursor)) }
        let page: ManagementConnectionsResponse = try await send(
            "GET", query: query, replay: .read, what: "the Management API's list of connections")
        let precise = ISO8601DateFormatter()
        precise.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        return ManagedConnectionPage(
            connections: page.connections.map { row in
                ManagedConnection(
                    vehicleId: row.vehicleId, userId: row.userId, mode: row.mode,
                    connectedAt: row.connectedAt.flatMap { precise.date(from: $0) ?? plain.date(from: $0) })
            }, cursor: page.paging.cursor)
    }

    public func deleteConnections(_ selector: ManagedConnectionSelector) async throws -> [ManagedConnection] {
        let query =
            switch selector {
            case .vehicle(let id): [("vehicle_id", id)]
            case .user(let id): [("user_id", id)]
            }
        let removed: ManagementDeleteResponse = try await send(
            "DELETE", query: query, replay: .onlyIfNotSent, what: "deleting connections through the Management API")
        return removed.connections.map { ManagedConnection(vehicleId: $0.vehicleId, userId: $0.userId) }
    }

    private func send<T: Decodable>(
        _ method: String, query: [(String, String)], replay: SmartcarHTTP.Replay, what: String
    ) async throws -> T {
        let url = LiveSmartcarClient.url(origin, SmartcarPaths.managementConnections, query: query)
        var request = URLRequest(url: url, timeoutInterval: client.http.policy.timeout)
        request.httpMethod = method
        LiveSmartcarClient.authorizeBasic(&request, user: "default", password: token)
        do {
            let (body, _) = try await client.http.perform(request, replay: replay, what: what, secrets: [token])
            return try client.http.decode(body, what: what, replay: replay)
        } catch let error as CarportError where error.details?.statusCode == 401 {
            let setting = Configuration.Settings.managementToken
            throw CarportError(
                .configuration,
                "Smartcar rejected the application management token for \(what) (401). Check "
                    + "\(setting.variable) (or \(Configuration.fileVariable(setting))) against the Smartcar "
                    + "dashboard: the application's Configuration shows its management token.",
                details: error.details)
        }
    }
}
