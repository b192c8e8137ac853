import CarportApp
import CarportCore
import Foundation

/// What `connect` and `reauth` print once a session linked: for people, or the JSON of
/// docs/JSON.md (vehicles as the vehicle rows of `carport list`).
enum LinkedReport {
    /// One entry per line, each sanitised whole: a value from Smartcar cannot start a line of its own.
    static func lines(_ linked: ConnectFlowLinker.Linked, verb: String) -> [String] {
        let connection = linked.connection
        var lines: [String] = []
        if let old = linked.otherUserOf {
            let why =
                connection.smartcarUserId == LinkGaps.unknownUser
                ? "Smartcar's user could not be read, so the grant cannot be matched to \(old.id)"
                : "Connect was completed by another Smartcar user"
            lines.append(
                "\(why): kept as a new connection \(connection.id) for \(connection.customer); the old "
                    + "connection \(old.id) still needs re-authentication.")
        }
        lines += [
            "\(linked.otherUserOf == nil ? verb : "Linked") connection \(connection.id) for \(connection.customer) "
                + "(Smartcar user \(connection.smartcarUserId), \(connection.mode.rawValue) mode): "
                + "\(linked.vehicles.count) vehicle(s)."
        ]
        for vehicle in linked.vehicles {
            let vin = vehicle.vin.map { "  VIN \($0)" } ?? ""
            lines.append("  \(vehicle.id)  \(vehicle.title)\(vin)")
        }
        for move in linked.moves {
            lines.append(
                "  Moved \(move.vehicleId) here from connection \(move.fromConnectionId) (\(move.fromCustomer)).")
        }
        if !linked.gaps.isEmpty { lines.append(linked.gaps.note(connectionId: connection.id)) }
        return lines.map(TerminalText.sanitized)
    }

    struct Output: Encodable {
        let connectionId: String
        let customer: String
        let smartcarUserId: String
        let mode: String
        let scopes: [String]
        let vehicles: [VehicleRowJSON]
        let moved: [Move]
        let missing: String?
        let keptInsteadOf: String?

        struct Move: Encodable {
            let vehicleId: String
            let fromConnectionId: String
            let fromCustomer: String
        }

        init(_ linked: ConnectFlowLinker.Linked, at now: Date) {
            let connection = linked.connection
            connectionId = connection.id
            customer = connection.customer
            smartcarUserId = connection.smartcarUserId
            mode = connection.mode.rawValue
            scopes = connection.scopes
            let health = HealthPolicy.standard.health(of: connection, at: now)
            vehicles = linked.vehicles.map {
                VehicleRowJSON(FleetRow(vehicle: $0, connection: connection.summary, health: health))
            }
            missing = linked.gaps.isEmpty ? nil : linked.gaps.note(connectionId: connection.id)
            keptInsteadOf = linked.otherUserOf?.id
            moved = linked.moves.map {
                Move(vehicleId: $0.vehicleId, fromConnectionId: $0.fromConnectionId, fromCustomer: $0.fromCustomer)
            }
        }
    }
}
