import CarportCore
import Foundation

/// A vehicle with its connection (no secret: a summary) and that connection's health: one line
/// of `carport list`.
public struct FleetRow: Sendable {
    public let vehicle: Vehicle
    public let connection: ConnectionSummary
    public let health: Health

    public init(vehicle: Vehicle, connection: ConnectionSummary, health: Health) {
        self.vehicle = vehicle
        self.connection = connection
        self.health = health
    }
}

extension Carport {
    /// Every linked vehicle with its connection and health at `now`, by customer then vehicle.
    /// Opens no secret: listing never needs a token.
    public func fleet(at now: Date) async throws -> (rows: [FleetRow], connections: [ConnectionSummary]) {
        let connections = try await store.connectionSummaries()
        let byId = Dictionary(connections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = try await store.vehicles().compactMap { vehicle -> FleetRow? in
            guard let connection = byId[vehicle.connectionId] else { return nil }
            return FleetRow(
                vehicle: vehicle, connection: connection,
                health: HealthPolicy.standard.health(of: connection.state, at: now))
        }
        let sorted = rows.sorted {
            ($0.connection.customer.lowercased(), $0.vehicle.make, $0.vehicle.model, $0.vehicle.id)
                < ($1.connection.customer.lowercased(), $1.vehicle.make, $1.vehicle.model, $1.vehicle.id)
        }
        return (sorted, connections)
    }
}

extension Health {
    /// Accepts the JSON value (`needs-reauth`) or the label shown on screen (`re-auth`).
    public init?(argument: String) {
        let text = argument.lowercased()
        guard let match = Health.allCases.first(where: { $0.rawValue == text || $0.label == text }) else { return nil }
        self = match
    }

    public static var argumentHelp: String { Health.allCases.map(\.rawValue).joined(separator: ", ") }
}
