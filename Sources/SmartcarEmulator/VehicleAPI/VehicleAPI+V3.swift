import Foundation

/// `/v3` (docs/SMARTCAR.md §10.4): an app token goes to the v3 app's routes; a classic access token
/// reaches the two reads SDK 6.19.1 makes (docs/SMARTCAR.md §5.10), the vehicle and its signals.
/// Errors are in the `errors[]` form either way.
extension VehicleAPI {
    func v3(_ request: EmulatorRequest, segments: [String], requestId: String) async -> APIReply {
        guard let token = request.bearerToken else { return .v3Error("AUTHENTICATION", nil, requestId: requestId) }
        if await state.isLiveAppToken(token) { return await v3App(request, segments: segments, requestId: requestId) }
        guard let family = await state.family(forAccessToken: token) else {
            return .v3Error("AUTHENTICATION", nil, requestId: requestId)
        }
        guard request.method == "GET", segments.count >= 2, segments[0] == "vehicles" else {
            return .v3Error("RESOURCE_NOT_FOUND", "INVALID_PATH", requestId: requestId)
        }
        let id = segments[1]
        guard family.vehicleIds.contains(id), let v = await state.currentVehicle(id) else {
            return .v3Error("AUTHENTICATION", nil, requestId: requestId)
        }
        await state.countCall(vehicleId: id)
        let vehicle = V3SignalCatalog.vehicle(v, mode: nil)
        return await signalsReply(
            segments.dropFirst(2).map { $0 }, vehicle: v, resource: vehicle, permissions: family.scopes,
            requestId: requestId) ?? APIReply(status: 200, body: VehicleReadings.json(vehicle))
    }

    /// `…/signals` and `…/signals/{code}`; nil for the vehicle itself (no further segment).
    func signalsReply(
        _ rest: [String], vehicle v: SimVehicle, resource: [String: Any], permissions: [String], requestId: String
    ) async -> APIReply? {
        let now = await state.now()
        switch rest.count {
        case 0: return nil
        case 1 where rest[0] == "signals":
            let signals = V3SignalCatalog.all(v, permissions: permissions, now: now)
            return APIReply(status: 200, body: V3SignalCatalog.list(signals, vehicle: resource, vehicleId: v.id))
        case 2 where rest[0] == "signals":
            guard let spec = V3SignalCatalog.specs.first(where: { $0.code == rest[1] }) else {
                return .v3Error("RESOURCE_NOT_FOUND", "INVALID_PATH", requestId: requestId)
            }
            guard permissions.contains(spec.permission) else {
                return .v3Error("PERMISSION", nil, requestId: requestId)
            }
            guard let one = V3SignalCatalog.signal(spec, v, now: now) else {
                return .v3Error("RESOURCE_NOT_FOUND", "INVALID_PATH", requestId: requestId)
            }
            return APIReply(status: 200, body: VehicleReadings.json(one))
        default: return .v3Error("RESOURCE_NOT_FOUND", "INVALID_PATH", requestId: requestId)
        }
    }
}
