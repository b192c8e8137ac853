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

    /// A v3 connection's last listing at Smartcar; nil for a pair.
    public var confirmedAt: Date? {
        if case .application(let state) = connection.state { return state.confirmedAt }
        return nil
    }

    /// A v3 vehicle's last successful read (docs/JSON.md); nil for a pair's vehicle.
    public var lastReadAt: Date? { connection.kind == .v3 ? vehicle.lastSeenAt : nil }
}

extension Carport {
    /// Every linked vehicle with its connection and health at `now`, in list order (customer, make,
    /// model, vehicle id), and every connection. Opens no secret: listing never needs a token.
    public func fleet(at now: Date) async throws -> (rows: [FleetRow], connections: [ConnectionSummary]) {
        var rows: [FleetRow] = []
        try await store.forEachFleetRow { vehicle, connection in
            rows.append(
                FleetRow(
                    vehicle: vehicle, connection: connection,
                    health: HealthPolicy.standard.health(of: connection.state, at: now)))
        }
        return (rows, try await store.connectionSummaries())
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
