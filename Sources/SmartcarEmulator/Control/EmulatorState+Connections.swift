import Foundation

/// Connections (a vehicle in a live grant) as the management API lists and deletes them.
extension EmulatorState {
    struct ConnectionRow: Sendable {
        var vehicleId: String
        var userId: String
        var mode: String
        var connectedAt: Date
    }

    /// Newest first, filtered.
    func connections(vehicleId: String?, userId: String?, mode: String?) -> [ConnectionRow] {
        families.values.filter {
            !$0.revoked && (userId == nil || $0.userId == userId) && (mode == nil || $0.mode.rawValue == mode)
        }
        .flatMap { family in
            family.vehicleIds.filter { vehicleId == nil || $0 == vehicleId }.map {
                ConnectionRow(
                    vehicleId: $0, userId: family.userId, mode: family.mode.rawValue, connectedAt: family.createdAt)
            }
        }
        .sorted { ($0.connectedAt, $0.vehicleId) > ($1.connectedAt, $1.vehicleId) }
    }

    func deleteConnections(vehicleId: String?, userId: String?) -> [ConnectionRow] {
        let rows = connections(vehicleId: vehicleId, userId: userId, mode: nil)
        for family in families.values where !family.revoked {
            for row in rows where row.userId == family.userId && family.vehicleIds.contains(row.vehicleId) {
                disconnect(vehicleId: row.vehicleId, familyId: family.id)
            }
        }
        return rows
    }

    func powertrain(ofVIN vin: String) -> Powertrain? {
        vehicles.values.first { $0.vin == vin }?.powertrain
    }
}
