/// Smartcar's compatibility reason codes (docs/SMARTCAR.md §5.9) in words an operator can repeat
/// to a customer.
public enum CompatibilityReason {
    public static func words(_ code: String?) -> String {
        switch code {
        case "VEHICLE_NOT_CAPABLE"?: "the vehicle cannot do this (e.g. no tank or battery)"
        case "SMARTCAR_NOT_CAPABLE"?: "Smartcar does not support it for this make yet"
        case "VEHICLE_NOT_COMPATIBLE"?: "the vehicle has no connectivity hardware"
        case "MAKE_NOT_COMPATIBLE"?: "Smartcar does not serve this make in that country yet"
        case let other?: "Smartcar said \(TerminalText.sanitized(other))"
        case nil: "Smartcar gave no reason"
        }
    }
}
