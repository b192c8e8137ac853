import CarportCore
import Foundation

/// What `connect` and `reauth` print once a session linked: for people, or as one JSON object.
enum LinkedReport {
    static func text(_ linked: ConnectFlowLinker.Linked, verb: String) -> String {
        let connection = linked.connection
        var lines = ["\(verb) connection \(connection.id) for \(connection.customer) "
            + "(Smartcar user \(connection.smartcarUserId), \(connection.mode.rawValue) mode): "
            + "\(linked.vehicles.count) vehicle(s)."]
        for vehicle in linked.vehicles {
            let vin = vehicle.vin.map { "  VIN \($0)" } ?? ""
            lines.append("  \(vehicle.id)  \(vehicle.make) \(vehicle.model) \(vehicle.year)\(vin)")
        }
        for move in linked.moves {
            lines.append("  Moved \(move.vehicleId) here from connection \(move.fromConnectionId) (\(move.fromCustomer)).")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ linked: ConnectFlowLinker.Linked) -> String {
        let connection = linked.connection
        let object: [String: Any] = [
            "connection_id": connection.id,
            "customer": connection.customer,
            "smartcar_user_id": connection.smartcarUserId,
            "mode": connection.mode.rawValue,
            "scopes": connection.scopes,
            "vehicles": linked.vehicles.map { vehicle -> [String: Any] in
                ["id": vehicle.id, "make": vehicle.make, "model": vehicle.model, "year": vehicle.year,
                 "vin": vehicle.vin ?? NSNull()]
            },
            "moved": linked.moves.map {
                ["vehicle_id": $0.vehicleId, "from_connection_id": $0.fromConnectionId, "from_customer": $0.fromCustomer]
            },
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
