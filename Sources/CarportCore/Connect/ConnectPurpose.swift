/// Why a Connect session runs: the one name for it in the CLI, the TUI, the session and the flow.
public enum ConnectPurpose: Sendable, Equatable {
    /// Link the vehicles a customer approves as a new connection.
    case newConnection(customer: String)
    /// Re-authorise a connection whose pair died: a Connect session with `approval_prompt=force`
    /// whose code replaces the connection's pair, for the same Smartcar user only.
    case reauthorize(connectionId: String, customer: String)
    /// Re-authenticate one vehicle's carmaker login through `/oauth/reauthenticate`
    /// (docs/SMARTCAR.md §2.4): the answer is a `vehicle_id`, not a code, and the pair stays.
    case reauthenticateVehicle(connectionId: String, customer: String, vehicleId: String)

    public var customer: String {
        switch self {
        case .newConnection(let customer), .reauthorize(_, let customer), .reauthenticateVehicle(_, let customer, _):
            customer
        }
    }

    /// The connection being mended; nil for a new connection.
    public var connectionId: String? {
        switch self {
        case .newConnection: nil
        case .reauthorize(let id, _), .reauthenticateVehicle(let id, _, _): id
        }
    }

}
