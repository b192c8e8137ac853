import Foundation
import SmartcarKit

/// The commands of docs/SMARTCAR.md §5.7: body validation, permission, capability, VEHICLE_STATE rules.
extension VehicleAPI {
    static let commandPermission = [
        "/security": "control_security", "/charge": "control_charge",
        "/charge/limit": "control_charge", "/navigation/destination": "control_navigation",
    ]

    func command(_ sub: String, body: Data, caller: Caller) async -> APIReply {
        let requestId = caller.requestId
        guard let permission = Self.commandPermission[sub] else {
            return .error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
        }
        guard caller.family.scopes.contains(permission) else { return .error("PERMISSION", nil, requestId: requestId) }
        guard let vehicle = await state.currentVehicle(caller.vehicleId) else {
            return .error("AUTHENTICATION", nil, requestId: requestId)
        }
        if let failure = vehicle.persistentError {
            return .error(
                failure.type, failure.code, requestId: requestId, resolutionURL: reauthURL(failure, caller: caller))
        }
        if config.commandDuration > 0 {
            try? await Task.sleep(nanoseconds: UInt64(config.commandDuration * 1e9))
        }
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let blocked: String?
        switch sub {
        case "/security":
            guard let action = json["action"] as? String, ["LOCK", "UNLOCK"].contains(action) else {
                return .validation("action", "\"action\" must be one of [LOCK, UNLOCK]", requestId: requestId)
            }
            blocked = await state.security(caller.vehicleId, lock: action == "LOCK")
        case "/charge":
            guard let action = json["action"] as? String, ["START", "STOP"].contains(action) else {
                return .validation("action", "\"action\" must be one of [START, STOP]", requestId: requestId)
            }
            guard vehicle.powertrain.hasBattery else {
                return .error("COMPATIBILITY", "VEHICLE_NOT_CAPABLE", requestId: requestId)
            }
            blocked = await state.charge(caller.vehicleId, start: action == "START")
        case "/charge/limit":
            let limit = (json["limit"] as? Double) ?? (json["limit"] as? String).flatMap(Double.init)
            guard let limit, (0.5...1).contains(limit) else {
                return .validation("limit", "\"limit\" must be a number between 0.5 and 1", requestId: requestId)
            }
            guard vehicle.powertrain.hasBattery else {
                return .error("COMPATIBILITY", "VEHICLE_NOT_CAPABLE", requestId: requestId)
            }
            blocked = await state.setChargeLimit(caller.vehicleId, limit)
        default:
            guard let lat = json["latitude"] as? Double, let lon = json["longitude"] as? Double,
                (-90...90).contains(lat), (-180...180).contains(lon)
            else {
                return .validation(
                    "latitude", "\"latitude\" (-90…90) and \"longitude\" (-180…180) are required numbers",
                    requestId: requestId)
            }
            blocked = await state.sendDestination(caller.vehicleId)
        }
        if let code = blocked { return .error("VEHICLE_STATE", code, requestId: requestId) }
        return .ok(ActionResponse(status: "success", message: "Successfully sent request to vehicle"))
    }
}
