import Foundation

/// The management API (docs/SMARTCAR.md §5.8), with Basic auth.
extension VehicleAPI {
    func management(_ request: EmulatorRequest, segments: [String], requestId: String) async -> APIReply {
        guard segments == ["management", "connections"] else {
            return .error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
        }
        guard let basic = request.basicCredentials, basic.user == "default", basic.password == config.managementToken
        else {
            return .error("AUTHENTICATION", nil, requestId: requestId)
        }
        let vehicleId = request.query("vehicle_id")
        let userId = request.query("user_id")
        switch request.method {
        case "GET":
            let all = await state.connections(vehicleId: vehicleId, userId: userId, mode: request.query("mode"))
            guard let limit = Int(request.query("limit") ?? "10"), (1...100).contains(limit),
                let start = Int(request.query("cursor") ?? "0"), start >= 0
            else {
                return .validation(
                    "limit", "\"limit\" must be 1–100 and \"cursor\" a value from a previous page",
                    requestId: requestId)
            }
            let page = start < all.count ? Array(all[start..<min(all.count, start + limit)]) : []
            let next: Any = start + limit < all.count ? String(start + limit) : NSNull()
            return APIReply(
                status: 200,
                body: VehicleReadings.json([
                    "connections": page.map {
                        [
                            "vehicleId": $0.vehicleId, "userId": $0.userId, "mode": $0.mode,
                            "connectedAt": Self.timestamp($0.connectedAt),
                        ]
                    },
                    "paging": ["cursor": next],
                ]))
        case "DELETE":
            guard (vehicleId == nil) != (userId == nil) else {
                return .validation(
                    "vehicle_id", "Send exactly one of \"vehicle_id\" or \"user_id\"", requestId: requestId)
            }
            let removed = await state.deleteConnections(vehicleId: vehicleId, userId: userId)
            return APIReply(
                status: 200,
                body: VehicleReadings.json([
                    "connections": removed.map { ["vehicleId": $0.vehicleId, "userId": $0.userId] }
                ]))
        default:
            return .error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
        }
    }
}
