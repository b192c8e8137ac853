import Foundation

/// The two v3 reads SDK 6.19.1 makes (docs/SMARTCAR.md §5.10): the vehicle and its signals.
extension VehicleAPI {
    func v3(_ request: EmulatorRequest, segments: [String], requestId: String) async -> APIReply {
        guard let token = request.bearerToken, let family = await state.family(forAccessToken: token) else {
            return .error("AUTHENTICATION", nil, requestId: requestId)
        }
        guard request.method == "GET", segments.count >= 2, segments[0] == "vehicles" else {
            return .error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
        }
        let id = segments[1]
        guard family.vehicleIds.contains(id), let v = await state.currentVehicle(id) else {
            return .error("AUTHENTICATION", nil, requestId: requestId)
        }
        await state.countCall(vehicleId: id)
        let vehicle: [String: Any] = [
            "id": v.id, "type": "vehicle", "links": ["self": "/vehicles/\(v.id)"],
            "attributes": ["make": v.make, "model": v.model, "year": v.year, "powertrainType": v.powertrain.rawValue],
        ]
        let millis = Int((await state.now()).timeIntervalSince1970 * 1000)
        var signals: [[String: Any]] = [
            signal(
                v.id, "odometer-traveleddistance", "TraveledDistance", "Odometer",
                ["unit": "kilometers", "value": Units.round2(v.odometerKm)], millis)
        ]
        if v.powertrain.hasBattery {
            signals.append(
                signal(
                    v.id, "tractionbattery-stateofcharge", "StateOfCharge", "TractionBattery",
                    ["unit": "percent", "value": Units.round2(v.batteryFraction * 100)], millis))
        }
        switch segments.count {
        case 2: return APIReply(status: 200, body: VehicleReadings.json(vehicle))
        case 3 where segments[2] == "signals":
            return APIReply(
                status: 200,
                body: VehicleReadings.json([
                    "data": signals, "meta": ["totalCount": signals.count, "pageSize": signals.count, "page": 1],
                    "links": ["self": "/vehicles/\(id)/signals"], "included": ["vehicle": vehicle],
                ]))
        case 4 where segments[2] == "signals":
            guard let one = signals.first(where: { ($0["id"] as? String) == segments[3] }) else {
                return .error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
            }
            return APIReply(status: 200, body: VehicleReadings.json(one))
        default: return .error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
        }
    }

    private func signal(
        _ vehicleId: String, _ code: String, _ name: String, _ group: String, _ body: [String: Any],
        _ millis: Int
    ) -> [String: Any] {
        [
            "id": code, "type": "signal",
            "attributes": ["code": code, "name": name, "group": group, "status": ["value": "SUCCESS"], "body": body],
            "meta": ["retrievedAt": millis, "oemUpdatedAt": millis],
            "links": ["self": "/vehicles/\(vehicleId)/signals/\(code)"],
        ]
    }
}
