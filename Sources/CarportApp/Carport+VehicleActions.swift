import CarportCore
import Foundation

extension Carport {
    /// Sends LOCK or UNLOCK and audits it either way; returns Smartcar's message.
    public func sendSecurity(_ action: SecurityAction, to vehicle: Vehicle, of connection: Connection) async throws
        -> String
    {
        let name = action == .lock ? "lock" : "unlock"
        return try await audited(name, vehicle, connection) { api, token in
            let message = try await api.security(action, vehicleId: vehicle.id, accessToken: token)
            try await store.recordAudit(
                audit(name, connectionId: connection.id, vehicleId: vehicle.id, detail: message))
            return message
        }
    }

    /// Revokes this application's access to the vehicle (`DELETE …/application`), then forgets it;
    /// audited either way.
    public func disconnect(_ vehicle: Vehicle, of connection: Connection) async throws {
        try await audited("disconnect", vehicle, connection) { api, token in
            try await api.disconnect(vehicleId: vehicle.id, accessToken: token)
            try await store.removeVehicle(
                id: vehicle.id,
                audit: audit(
                    "disconnect", connectionId: connection.id,
                    vehicleId: vehicle.id))
        }
    }

    /// Runs `body` with the live client and a fresh access token; a failure is audited as `action`.
    private func audited<T>(
        _ action: String, _ vehicle: Vehicle, _ connection: Connection,
        _ body: (any SmartcarAPI, Secret) async throws -> T
    ) async throws -> T {
        do {
            let api = try smartcar()
            return try await body(api, try await accessToken(for: connection, api: api))
        } catch let error as CarportError {
            try? await store.recordAudit(
                audit(
                    action, connectionId: connection.id, vehicleId: vehicle.id,
                    outcome: error.kind.rawValue, detail: error.message))
            throw error
        }
    }
}
