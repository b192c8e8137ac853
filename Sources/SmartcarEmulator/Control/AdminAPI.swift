import Foundation
import SmartcarKit

/// The emulator's own control API under `/admin` (docs/EMULATOR.md): the same operations as the
/// in-process `Emulator` methods, for other processes.
struct AdminAPI: Sendable {
    let state: EmulatorState

    struct ClockAdvance: Codable { var seconds: Double }
    struct ClockState: Codable {
        var offsetSeconds: Double
        var now: String
    }
    struct RevokeRequest: Codable { var token: String }
    struct CommandMode: Codable { var longRunning: Bool }
    struct Problem: Codable {
        var error: String
        var message: String
    }

    func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        let parts = request.path.split(separator: "/").dropFirst().map(String.init)
        switch (request.method, parts.first ?? "", parts.count) {
        case ("GET", "counters", 1): return .json(200, await state.currentCounters())
        case ("POST", "seed", 1): return await seed(request)
        case ("POST", "seed-v3", 1): return await seedV3(request)
        case ("POST", "command-mode", 1):
            guard let mode: CommandMode = decode(request) else {
                return problem("command mode", "{\"longRunning\":true}")
            }
            await state.setLongRunningCommands(mode.longRunning)
            return .json(200, mode)
        case ("GET", "clock", 1): return .json(200, await clock())
        case ("POST", "clock", 1):
            guard let advance: ClockAdvance = decode(request), advance.seconds >= 0 else {
                return problem("clock advance", "{\"seconds\": 3600} (the clock only moves forward)")
            }
            _ = await state.advanceClock(by: advance.seconds)
            return .json(200, await clock())
        case ("POST", "faults", 1): return await inject(request)
        case ("DELETE", "faults", 1):
            await state.clearFaults()
            return .json(200, ["status": "cleared"])
        case ("POST", "reset", 1):
            await state.reset()
            return .json(200, ["status": "reset"])
        case ("GET", "vehicles", 1): return .json(200, await state.vehicleSummaries())
        case ("POST", "vehicles", 2): return await patch(request, vehicleId: parts[1])
        case ("POST", "rate-limit", 1):
            guard let bucket: RateBucketConfig = decode(request) else {
                return problem("rate limit", "{\"capacity\":120,\"refillPerMinute\":2}")
            }
            await state.setAppRateLimit(bucket)
            return .json(200, bucket)
        case ("DELETE", "rate-limit", 1):
            await state.setAppRateLimit(nil)
            return .json(200, ["status": "unlimited"])
        case ("POST", "revoke", 1): return await revoke(request)
        case ("POST", "compatibility", 1):
            guard let setting: CompatibilitySetting = decode(request), let level = setting.parsed else {
                return problem("compatibility level", CompatibilitySetting.example)
            }
            await state.setCompatibility(vin: setting.vin, level: level)
            return .json(200, setting)
        default:
            return .json(
                404,
                Problem(
                    error: "unknown_admin_route",
                    message: "No admin route \(request.method) \(request.path). See docs/EMULATOR.md."))
        }
    }

    private func seed(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let seed = seedRequest(request) else { return seedProblem }
        return answer(await state.seed(seed))
    }

    /// `POST /admin/seed-v3`: the same body; the vehicles become connections of the v3 app.
    private func seedV3(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let seed = seedRequest(request) else { return seedProblem }
        return answer(await state.seedV3(seed))
    }

    private func seedRequest(_ request: EmulatorRequest) -> SeedRequest? {
        decode(request) ?? (request.body.isEmpty ? SeedRequest() : nil)
    }

    private var seedProblem: EmulatorResponse {
        problem("SeedRequest", "{\"vehicleCount\":2,\"scopes\":[\"read_odometer\"],\"powertrains\":[\"BEV\"]}")
    }

    private func answer(_ seeded: Result<some Encodable, ConnectError>) -> EmulatorResponse {
        switch seeded {
        case .success(let connection): .json(200, connection)
        case .failure(let error): .json(400, Problem(error: error.name, message: error.description))
        }
    }

    private func inject(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let fault: EmulatorFault = decode(request) else {
            return problem(
                "fault", "{\"kind\":\"api_error\",\"type\":\"RATE_LIMIT\",\"code\":\"VEHICLE\",\"retryAfter\":30}")
        }
        if let message = await state.inject(fault) {
            return .json(400, Problem(error: "invalid_fault", message: message))
        }
        return .json(200, fault)
    }

    private func patch(_ request: EmulatorRequest, vehicleId: String) async -> EmulatorResponse {
        guard let patch: VehiclePatch = decode(request) else {
            return problem("vehicle patch", "{\"driving\":true,\"pluggedIn\":false,\"doorOpen\":true}")
        }
        guard await state.patchVehicle(vehicleId, patch) else {
            return .json(
                404,
                Problem(
                    error: "unknown_vehicle", message: "No vehicle \(vehicleId); GET /admin/vehicles lists them."))
        }
        return .json(200, ["status": "updated"])
    }

    private func revoke(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let revoke: RevokeRequest = decode(request) else {
            return problem("revoke", "{\"token\":\"<access or refresh token>\"}")
        }
        let revoked = await state.revokeFamily(ofToken: revoke.token)
        guard await state.invalidateAppToken(revoke.token) || revoked else {
            return .json(
                404, Problem(error: "unknown_token", message: "That token was never issued by this emulator."))
        }
        return .json(200, ["status": "revoked"])
    }

    private func decode<T: Decodable>(_ request: EmulatorRequest) -> T? {
        try? JSONDecoder().decode(T.self, from: request.body)
    }

    private func problem(_ what: String, _ example: String) -> EmulatorResponse {
        .json(400, Problem(error: "invalid_body", message: "Send a JSON \(what), for example \(example)."))
    }

    private func clock() async -> ClockState {
        ClockState(offsetSeconds: await state.clockOffset, now: VehicleAPI.timestamp(await state.now()))
    }
}
