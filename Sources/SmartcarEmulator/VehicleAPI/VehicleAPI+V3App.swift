import Foundation

/// The v3 app's routes (docs/SMARTCAR.md §10.4), called with a live app token: connections, users,
/// and each vehicle reached through a connection of the user named by `sc-user-id`.
extension VehicleAPI {
    static let userHeader = "sc-user-id"

    /// A vehicle call's connection and the vehicle as it is now.
    struct V3Link {
        var connection: SimV3Connection
        var vehicle: SimVehicle
    }

    func v3App(_ request: EmulatorRequest, segments: [String], requestId: String) async -> APIReply {
        let invalidPath = APIReply.v3Error("RESOURCE_NOT_FOUND", "INVALID_PATH", requestId: requestId)
        switch (request.method, segments.first, segments.count) {
        case ("GET", "connections", 1): return await connectionList(request, requestId: requestId)
        case (_, "connections", 2): return await connection(request, id: segments[1], requestId: requestId)
        case ("DELETE", "users", 2):
            guard await state.removeV3User(segments[1]) else {
                return .v3Error("RESOURCE_NOT_FOUND", "USER_NOT_FOUND", requestId: requestId)
            }
            return APIReply(status: 204, body: Data())
        case (_, "vehicles", 2...): break
        default: return invalidPath
        }
        let rest = Array(segments.dropFirst(2))
        switch (request.method, rest.first) {
        case ("GET", nil):
            return await v3Link(request, vehicleId: segments[1], userRequired: false, requestId: requestId).map {
                APIReply(
                    status: 200,
                    body: VehicleReadings.json([
                        "data": V3SignalCatalog.vehicle($0.vehicle, mode: $0.connection.mode.rawValue)
                    ]))
            }
        case ("GET", "signals"):
            return await v3Link(request, vehicleId: segments[1], userRequired: true, requestId: requestId).map {
                link in
                let resource = V3SignalCatalog.vehicle(link.vehicle, mode: link.connection.mode.rawValue)
                return await signalsReply(
                    rest, vehicle: link.vehicle, resource: resource, permissions: link.connection.permissions,
                    requestId: requestId) ?? invalidPath
            }
        case ("POST", "commands")
        where rest == ["commands", "security", "lock"] || rest == ["commands", "security", "unlock"]:
            return await v3Link(request, vehicleId: segments[1], userRequired: true, requestId: requestId).map {
                await v3Security(lock: rest[2] == "lock", link: $0, requestId: requestId)
            }
        default: return invalidPath
        }
    }

    /// The connection behind a vehicle call: that of the `sc-user-id` user (required on signals and
    /// commands), or any of the app's when the header is left out. 404 when there is none.
    private func v3Link(_ request: EmulatorRequest, vehicleId: String, userRequired: Bool, requestId: String) async
        -> V3LinkResult
    {
        let userId = request.header(Self.userHeader).flatMap { $0.isEmpty ? nil : $0 }
        if userRequired, userId == nil {
            return .failed(
                .v3Error(
                    "VALIDATION", "MISSING_PARAMETER", requestId: requestId,
                    detail: "The sc-user-id header is required: the Smartcar user id Connect returned."))
        }
        let found =
            if let userId { await state.v3Connection(userId: userId, vehicleId: vehicleId) } else {
                await state.v3Connection(vehicleId: vehicleId)
            }
        guard let connection = found, let vehicle = await state.currentVehicle(vehicleId) else {
            return .failed(.v3Error("RESOURCE_NOT_FOUND", "VEHICLE_NOT_FOUND", requestId: requestId))
        }
        await state.countCall(vehicleId: vehicleId)
        return .found(V3Link(connection: connection, vehicle: vehicle))
    }

    enum V3LinkResult {
        case found(V3Link)
        case failed(APIReply)

        func map(_ body: (V3Link) async -> APIReply) async -> APIReply {
            switch self {
            case .found(let link): await body(link)
            case .failed(let reply): reply
            }
        }
    }
}
