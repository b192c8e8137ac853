import Foundation
import SmartcarKit

/// The v2.0 errors of docs/SMARTCAR.md §6.2: HTTP status per type, descriptions, doc URLs and resolutions.
enum V2ErrorCatalog {
    static let statusByType: [String: Int] = [
        "AUTHENTICATION": 401, "PERMISSION": 403, "VALIDATION": 400, "RESOURCE_NOT_FOUND": 404,
        "RATE_LIMIT": 429, "BILLING": 430, "COMPATIBILITY": 501, "CONNECTED_SERVICES_ACCOUNT": 400,
        "VEHICLE_STATE": 409, "UPSTREAM": 502, "SERVER": 500,
    ]

    static func isKnown(type: String) -> Bool { statusByType[type] != nil }

    static func body(
        type: String, code: String?, requestId: String, detail: [V2ErrorBody.Detail]? = nil,
        resolutionURL: String? = nil
    ) -> V2ErrorBody {
        V2ErrorBody(
            type: type, code: code, description: description(type: type, code: code),
            docURL: docURL(type: type, code: code), statusCode: statusByType[type] ?? 400,
            requestId: requestId,
            resolution: .init(type: resolution(type: type, code: code), url: resolutionURL),
            suggestedUserMessage: suggestedUserMessage(type: type, code: code), detail: detail)
    }

    static func docURL(type: String, code: String?) -> String {
        let kebab = { (s: String) in s.lowercased().replacingOccurrences(of: "_", with: "-") }
        return "https://smartcar.com/docs/errors/api-errors/\(kebab(type))-errors#\(code.map(kebab) ?? "null")"
    }

    static func resolution(type: String, code: String?) -> String? {
        switch (type, code) {
        case ("PERMISSION", _), ("CONNECTED_SERVICES_ACCOUNT", "AUTHENTICATION_FAILED"),
            ("CONNECTED_SERVICES_ACCOUNT", "PERMISSION"), ("COMPATIBILITY", "PLATFORM_NOT_CAPABLE"):
            "REAUTHENTICATE"
        case ("RATE_LIMIT", _), ("UPSTREAM", _), ("SERVER", "INTERNAL"), ("VEHICLE_STATE", "UNKNOWN"):
            "RETRY_LATER"
        case ("BILLING", "ACCOUNT_SUSPENDED"): "FINANCE"
        case ("BILLING", _), ("SERVER", _): "CONTACT_SUPPORT"
        case ("CONNECTED_SERVICES_ACCOUNT", "VIRTUAL_KEY_REQUIRED"): "ACTION_REQUIRED"
        default: nil
        }
    }

    static func description(type: String, code: String?) -> String {
        if let code, let text = descriptions["\(type):\(code)"] { return text }
        if let text = descriptions[type] { return text }
        return "The request could not be completed (\(type)\(code.map { ":" + $0 } ?? ""))."
    }

    static func suggestedUserMessage(type: String, code: String?) -> String? {
        switch (type, code) {
        case ("VEHICLE_STATE", "ASLEEP"):
            "Your vehicle is in a sleep state. This request was not sent to preserve battery life."
        case ("VEHICLE_STATE", "IN_MOTION"): "Your vehicle is moving. Please try again once it is parked."
        case ("VEHICLE_STATE", "DOOR_OPEN"): "Please close all doors and try again."
        case ("CONNECTED_SERVICES_ACCOUNT", "AUTHENTICATION_FAILED"):
            "Your connected services login has changed. Please reconnect your vehicle."
        default: nil
        }
    }

    private static let descriptions: [String: String] = [
        "AUTHENTICATION":
            "The authorization header is missing or malformed, or it contains invalid or expired authentication credentials. Please check for missing parameters, spelling and casing mistakes, and other syntax issues.",
        "PERMISSION":
            "Your application has insufficient permissions to access the requested resource. Please prompt the user to re-authenticate using Smartcar Connect.",
        "VALIDATION":
            "Request invalid or malformed. Please check for missing parameters, spelling and casing mistakes, and other syntax issues.",
        "RESOURCE_NOT_FOUND:PATH": "The requested resource does not exist. Please check the URL and try again.",
        "RESOURCE_NOT_FOUND:VERSION":
            "The requested version of the API does not exist. Please check the URL and try again.",
        "RATE_LIMIT:VEHICLE":
            "You have reached the throttling rate limit for this vehicle. Please see the retry-after header (seconds) for when to retry the request.",
        "RATE_LIMIT:SMARTCAR_API":
            "Your application has exceeded its rate limit. Please retry your request in a few minutes.",
        "BILLING": "Your application has reached a billing limit. Please contact support.",
        "COMPATIBILITY:VEHICLE_NOT_CAPABLE": "The vehicle is incapable of performing your request.",
        "COMPATIBILITY:MAKE_NOT_COMPATIBLE":
            "Smartcar is not yet compatible with this vehicle's make in the country you specified.",
        "COMPATIBILITY:SMARTCAR_NOT_CAPABLE": "Smartcar does not yet support this feature for this vehicle.",
        "COMPATIBILITY": "The vehicle is not compatible with this request.",
        "CONNECTED_SERVICES_ACCOUNT:AUTHENTICATION_FAILED":
            "Smartcar was unable to authenticate with the user's connected services account. Please prompt the user to re-authenticate using Smartcar Connect.",
        "CONNECTED_SERVICES_ACCOUNT": "There is an issue with the user's connected services account.",
        "VEHICLE_STATE:ASLEEP": "The vehicle is in a sleep state and temporarily unable to perform your request.",
        "VEHICLE_STATE:IN_MOTION": "The vehicle is currently in motion and unable to perform your request.",
        "VEHICLE_STATE:DOOR_OPEN":
            "The vehicle could not perform your request because one or more of its doors are open.",
        "VEHICLE_STATE:TRUNK_OPEN": "The vehicle could not perform your request because its trunk is open.",
        "VEHICLE_STATE:HOOD_OPEN": "The vehicle could not perform your request because its hood is open.",
        "VEHICLE_STATE:CHARGING_PLUG_NOT_CONNECTED":
            "The vehicle is not connected to an EV charger and unable to perform your request.",
        "VEHICLE_STATE:CHARGING_IN_PROGRESS": "The vehicle is already charging.",
        "VEHICLE_STATE:FULLY_CHARGED": "The vehicle is fully charged and unable to start charging.",
        "VEHICLE_STATE:NOT_CHARGING": "The vehicle is not charging.",
        "VEHICLE_STATE": "The vehicle is in a state that prevents it from performing your request.",
        "UPSTREAM:NO_RESPONSE":
            "One of Smartcar's upstream sources failed to respond. Please retry your request at a later time.",
        "UPSTREAM":
            "Smartcar received an unexpected response from an upstream source. Please retry your request at a later time.",
        "SERVER:INTERNAL":
            "An internal Smartcar error has occurred. Our team has been notified and is working to resolve this issue.",
        "SERVER": "A Smartcar server error has occurred.",
    ]
}
