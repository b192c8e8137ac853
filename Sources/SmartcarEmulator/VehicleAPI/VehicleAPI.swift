import Foundation
import SmartcarKit

/// The Vehicle API (docs/SMARTCAR.md §5): version segment, app rate limit, faults, Bearer check, vehicle
/// link, permission, then the endpoint. Every answer carries `SC-Request-Id`.
struct VehicleAPI: Sendable {
    let state: EmulatorState
    let config: EmulatorConfig

    /// Everything that identifies the caller of a vehicle request.
    struct Caller: Sendable {
        var family: TokenFamily
        var vehicleId: String
        var imperial: Bool
        var requestId: String
        /// `http://host:port` as the client reached us (for URLs inside answers).
        var origin: String
    }

    func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        let requestId = await state.uuid()
        return await serve(request, requestId: requestId).adding(SmartcarPaths.Header.requestId, requestId)
    }

    private func serve(_ request: EmulatorRequest, requestId: String) async -> EmulatorResponse {
        await state.countAPICall()
        var segments = request.path.split(separator: "/").map(String.init)
        let version = segments.isEmpty ? "" : segments.removeFirst()
        let jsonAPI = version == "v3"
        guard jsonAPI || version.range(of: #"^v\d+\.\d+$"#, options: .regularExpression) != nil else {
            return APIReply.error("RESOURCE_NOT_FOUND", "VERSION", requestId: requestId).response
        }
        guard await state.spendAppRequest() else {
            return APIReply.error("RATE_LIMIT", "SMARTCAR_API", requestId: requestId, jsonAPI: jsonAPI).response
        }
        let vehicleId = segments.count >= 2 && segments[0] == "vehicles" ? segments[1] : nil
        if let fault = await state.takeFault(service: .api, vehicleId: vehicleId, path: request.path) {
            let resolution = vehicleId.flatMap {
                reauthURL(type: fault.type, code: fault.code, vehicleId: $0, origin: origin(of: request))
            }
            if let response = await FaultResponder.respond(
                fault, requestId: requestId, resolutionURL: resolution, jsonAPI: jsonAPI)
            {
                return response
            }
        }
        let reply =
            jsonAPI
            ? await v3(request, segments: segments, requestId: requestId)
            : await v2(request, segments: segments, requestId: requestId)
        return reply.response
    }

    private func v2(_ request: EmulatorRequest, segments: [String], requestId: String) async -> APIReply {
        let notFound = APIReply.error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
        if segments.count >= 3, segments[0] == "vehicles", segments[2] == "webhooks", request.method == "DELETE" {
            guard request.bearerToken == config.managementToken else {
                return .error("AUTHENTICATION", nil, requestId: requestId)
            }
            return .ok(ActionResponse(status: "success", message: nil))
        }
        switch segments.first {
        case "management": return await management(request, segments: segments, requestId: requestId)
        case "compatibility": return await compatibility(request, segments: segments, requestId: requestId)
        default: break
        }
        guard let token = request.bearerToken, let family = await state.family(forAccessToken: token) else {
            return .error("AUTHENTICATION", nil, requestId: requestId)
        }
        switch (request.method, segments.first, segments.count) {
        case ("GET", "user", 1): return .ok(UserResponse(id: family.userId))
        case ("GET", "vehicles", 1):
            return page(
                family.vehicleIds, request, defaultLimit: 10, maxLimit: SmartcarPaths.vehiclesPageLimit,
                requestId: requestId
            ) { VehiclesResponse(paging: $1, vehicles: $0) }
        case (_, "vehicles", 2...):
            let id = segments[1]
            guard UUID(uuidString: id) != nil else {
                return .validation("vehicle_id", "\"vehicle_id\" must be a valid UUID", requestId: requestId)
            }
            guard family.vehicleIds.contains(id) else { return .error("AUTHENTICATION", nil, requestId: requestId) }
            let caller = Caller(
                family: family, vehicleId: id, imperial: request.imperial, requestId: requestId,
                origin: origin(of: request))
            let sub = segments.count > 2 ? "/" + segments[2...].joined(separator: "/") : ""
            return await vehicle(request.method, sub, body: request.body, query: request, caller: caller)
        default: return notFound
        }
    }

    /// One vehicle endpoint (also each batch item).
    func vehicle(_ method: String, _ sub: String, body: Data, query: EmulatorRequest?, caller: Caller) async -> APIReply
    {
        let requestId = caller.requestId
        if sub == "/batch", method == "POST" { return await batch(body, caller: caller) }
        await state.countCall(vehicleId: caller.vehicleId)
        switch (method, sub) {
        case ("GET", "/permissions"):
            return page(caller.family.scopes, query, defaultLimit: 25, maxLimit: 100, requestId: requestId) {
                PermissionsResponse(permissions: $0, paging: $1)
            }
        case ("DELETE", "/application"):
            await state.disconnect(vehicleId: caller.vehicleId, familyId: caller.family.id)
            return .ok(ActionResponse(status: "success", message: nil))
        case ("POST", _) where sub.hasPrefix("/webhooks/"):
            let webhookId = String(sub.dropFirst("/webhooks/".count))
            return APIReply(
                status: 200, body: VehicleReadings.json(["webhookId": webhookId, "vehicleId": caller.vehicleId]))
        case ("POST", _):
            return await command(sub, body: body, caller: caller)
        case ("GET", _):
            return await read(sub, caller: caller)
        default:
            return .error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
        }
    }

    private func read(_ sub: String, caller: Caller) async -> APIReply {
        let requestId = caller.requestId
        guard let permission = VehicleReadings.permissionForGET[sub] else {
            return .error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
        }
        guard caller.family.scopes.contains(permission) else {
            return .error("PERMISSION", nil, requestId: requestId)
        }
        guard let vehicle = await state.currentVehicle(caller.vehicleId) else {
            return .error("AUTHENTICATION", nil, requestId: requestId)
        }
        let isStatic = VehicleReadings.staticPaths.contains(sub)
        if !isStatic, let failure = vehicle.persistentError {
            return .error(
                failure.type, failure.code, requestId: requestId,
                resolutionURL: reauthURL(failure, caller: caller))
        }
        switch VehicleReadings.read(sub, vehicle, imperial: caller.imperial) {
        case .body(let data)?:
            var headers = [Units.header(imperial: caller.imperial)]
            if !isStatic {
                let now = await state.now()
                headers += [
                    (SmartcarPaths.Header.dataAge, Self.timestamp(now.addingTimeInterval(-vehicle.dataAgeSeconds))),
                    (SmartcarPaths.Header.fetchedAt, Self.timestamp(now)),
                ]
            }
            return APIReply(status: 200, body: data, headers: headers)
        case .notCapable?: return .error("COMPATIBILITY", "VEHICLE_NOT_CAPABLE", requestId: requestId)
        case nil: return .error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
        }
    }

    func reauthURL(_ failure: SimVehicle.PersistentError, caller: Caller) -> String? {
        reauthURL(type: failure.type, code: failure.code, vehicleId: caller.vehicleId, origin: caller.origin)
    }

    /// Where the customer signs in again after `CONNECTED_SERVICES_ACCOUNT:AUTHENTICATION_FAILED`
    /// (the error's `resolution.url`, docs/SMARTCAR.md §6.1); nil for any other error.
    func reauthURL(type: String?, code: String?, vehicleId: String, origin: String) -> String? {
        guard type == "CONNECTED_SERVICES_ACCOUNT", code == "AUTHENTICATION_FAILED" else { return nil }
        return EmulatorState.location(
            origin + SmartcarPaths.reauthenticate,
            [("response_type", "vehicle_id"), ("client_id", config.clientId), ("vehicle_id", vehicleId)], state: nil)
    }

    /// `http://host:port` as the client reached us (for URLs inside answers).
    func origin(of request: EmulatorRequest) -> String {
        "http://\(request.header("host") ?? "\(config.host):\(config.port)")"
    }

    /// `limit`/`offset` paging: `count` is the total, `offset` echoes the request.
    private func page<T: Encodable>(
        _ items: [String], _ request: EmulatorRequest?, defaultLimit: Int, maxLimit: Int,
        requestId: String, make: ([String], Paging) -> T
    ) -> APIReply {
        let limitText = request?.query("limit")
        let offsetText = request?.query("offset")
        guard let limit = limitText.map({ Int($0) }) ?? defaultLimit, (1...maxLimit).contains(limit) else {
            return .validation("limit", "\"limit\" must be an integer between 1 and \(maxLimit)", requestId: requestId)
        }
        guard let offset = offsetText.map({ Int($0) }) ?? 0, offset >= 0 else {
            return .validation("offset", "\"offset\" must be an integer of at least 0", requestId: requestId)
        }
        let slice = offset < items.count ? Array(items[offset..<min(items.count, offset + limit)]) : []
        return .ok(make(slice, Paging(count: items.count, offset: offset)))
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
