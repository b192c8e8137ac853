import CarportCore
import Foundation

/// The v3 app's connections: made by Connect or a seed, listed, read and removed by the v3 API.
extension EmulatorState {
    /// Connects `vehicleIds` of `userId` to the v3 app; a vehicle already connected keeps its
    /// connection id and takes the new permissions. Returns the connection ids in order.
    @discardableResult
    func connectV3(userId: String, vehicleIds: [String], permissions: [String], mode: ConnectMode) -> [String] {
        vehicleIds.map { vehicleId in
            if var existing = v3Connection(userId: userId, vehicleId: vehicleId) {
                existing.permissions = permissions
                existing.mode = mode
                v3Connections[existing.id] = existing
                return existing.id
            }
            let connection = SimV3Connection(
                id: uuid(), userId: userId, vehicleId: vehicleId, permissions: permissions, mode: mode,
                createdAt: now())
            v3Connections[connection.id] = connection
            return connection.id
        }
    }

    func v3Connection(userId: String, vehicleId: String) -> SimV3Connection? {
        v3Connections.values.first { $0.userId == userId && $0.vehicleId == vehicleId }
    }

    /// Any connection of the app to this vehicle (`GET /v3/vehicles/{id}` without `sc-user-id`).
    func v3Connection(vehicleId: String) -> SimV3Connection? {
        v3Connections.values.first { $0.vehicleId == vehicleId }
    }

    /// Newest first, filtered.
    func v3ConnectionList(userId: String?, vehicleId: String?, mode: String?) -> [SimV3Connection] {
        v3Connections.values.filter {
            (userId == nil || $0.userId == userId) && (vehicleId == nil || $0.vehicleId == vehicleId)
                && (mode == nil || $0.mode.rawValue == mode)
        }
        .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    /// Removes one connection; false when there is none with that id.
    func removeV3Connection(_ id: String) -> Bool {
        guard let removed = v3Connections.removeValue(forKey: id) else { return false }
        if v3Connection(vehicleId: removed.vehicleId) == nil { pendingCommands[removed.vehicleId] = nil }
        return true
    }

    /// Removes every connection of a user; false when the user had none.
    func removeV3User(_ userId: String) -> Bool {
        let ids = v3Connections.values.filter { $0.userId == userId }.map(\.id)
        for id in ids { _ = removeV3Connection(id) }
        return !ids.isEmpty
    }

    /// A user (new, or a test account's) whose vehicles become connections of the v3 app.
    func seedV3(_ request: SeedRequest) -> Result<SeededV3Connection, ConnectError> {
        let user: SimUser
        switch seedUser(request) {
        case .success(let found): user = found
        case .failure(let error): return .failure(error)
        }
        let ids = connectV3(
            userId: user.id, vehicleIds: user.vehicleIds, permissions: request.scopes ?? Permissions.all,
            mode: request.mode ?? .simulated)
        return .success(SeededV3Connection(userId: user.id, vehicleIds: user.vehicleIds, connectionIds: ids))
    }

    func setLongRunningCommands(_ on: Bool) { longRunningCommands = on }
}
