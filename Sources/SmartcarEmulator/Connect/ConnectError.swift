/// The errors Connect sends back to the application (docs/SMARTCAR.md §3.2), with their extra parameters.
struct ConnectError: Error, Sendable, Equatable {
    var name: String
    var description: String
    var extras: [(String, String)] = []

    static func == (a: ConnectError, b: ConnectError) -> Bool { a.name == b.name && a.description == b.description }

    static let accessDenied = ConnectError(name: "access_denied", description: "User denied access to application.")
    static let invalidSubscription = ConnectError(
        name: "invalid_subscription", description: "User does not have an active connected vehicle subscription.")
    static let noVehicles = ConnectError(
        name: "no_vehicles", description: "No vehicles found. Please add vehicles to your account and try again.")
    static let serverError = ConnectError(
        name: "server_error", description: "Unexpected server error. Please try again.")
    static let userCancelled = ConnectError(
        name: "user_cancelled", description: "User cancelled or denied login at OEM's login screen")
    static let userReturned = ConnectError(
        name: "user_manually_returned_to_application",
        description: "The user exited Connect before granting your application access")

    static func vehicleIncompatible(
        vin: String = "0SCAUDI012FE3B132", make: String = "AUDI",
        model: String = "A4", year: Int = 2015
    ) -> ConnectError {
        ConnectError(
            name: "vehicle_incompatible", description: "The user's vehicle is not compatible.",
            extras: [("vin", vin), ("make", make), ("model", model), ("year", String(year))])
    }

    static func configuration(statusCode: Int = 400, message: String) -> ConnectError {
        ConnectError(
            name: "configuration_error",
            description: "There has been an error in the configuration of your application.",
            extras: [("status_code", String(statusCode)), ("error_message", message)])
    }

    /// Every error an `emulator_auto=<name>` shortcut can ask for.
    static func named(_ name: String) -> ConnectError? {
        switch name {
        case "access_denied", "deny": .accessDenied
        case "invalid_subscription": .invalidSubscription
        case "no_vehicles": .noVehicles
        case "vehicle_incompatible": .vehicleIncompatible()
        case "configuration_error":
            .configuration(
                message: "You have entered a test mode VIN. Please enter a VIN that belongs to a real vehicle.")
        case "server_error": .serverError
        case "user_cancelled": .userCancelled
        case "user_manually_returned_to_application": .userReturned
        default: nil
        }
    }

    static let allNames = [
        "access_denied", "invalid_subscription", "no_vehicles", "vehicle_incompatible",
        "configuration_error", "server_error", "user_cancelled",
        "user_manually_returned_to_application",
    ]
}
