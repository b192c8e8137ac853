import Foundation

extension ConnectFlow {
    /// The error a Connect redirect reported (docs/SMARTCAR.md §3.2), named, with what to do next.
    static func connectError(_ error: String, parameters: [String: String]) -> CarportError {
        let description = parameters["error_description"].map { Redactor.redact($0) }
        let status = parameters["status_code"].flatMap(Int.init) ?? 400
        let advice: String
        switch error {
        case "access_denied":
            advice = "The customer declined access. Nothing was linked; if they change their mind, start a new session."
        case "invalid_subscription":
            advice =
                "The customer's connected-services subscription is not active. They must activate it with the carmaker, then start a new session."
        case "no_vehicles":
            advice =
                "The customer's carmaker account has no vehicles. They must add the vehicle to that account, then start a new session."
        case "vehicle_incompatible":
            let vehicle = ["make", "model", "year"].compactMap { parameters[$0] }.joined(separator: " ")
            let vin = parameters["vin"].map { " (VIN \($0))" } ?? ""
            let which = vehicle.isEmpty ? "The vehicle\(vin)" : "The \(vehicle)\(vin)"
            advice =
                "\(which) is not compatible with the requested permissions. Try again with fewer --scope permissions, or check compatibility for this vehicle."
        case "configuration_error":
            let shown = parameters["error_message"].map { " Connect showed: \(Redactor.redact($0))" } ?? ""
            advice =
                "Smartcar rejected the application's configuration (status \(status)).\(shown) Check the redirect URI, --mode and any --vin against the Smartcar dashboard."
        case "server_error":
            advice = "Smartcar Connect failed on its side. Wait a few minutes, then start a new session."
        case "user_cancelled", "user_manually_returned_to_application":
            advice = "The customer left Connect before granting access. Start a new session when they are ready."
        default:
            advice =
                "Connect ended without linking anything. Start a new session; if this repeats, contact Smartcar support."
        }
        let said = description.map { " (\($0))" } ?? ""
        let details = SmartcarErrorDetails(type: error, description: description ?? error, statusCode: status)
        return CarportError(.connect, "Smartcar Connect error \(error)\(said): \(advice)", details: details)
    }
}
