import Foundation

/// v3 lock and unlock (docs/SMARTCAR.md §10.4): `200` with the finished command execution, or,
/// with long-running commands on, `202` at once while the car changes `commandDuration` seconds
/// later on the emulator's clock. Nothing follows a `202`: the client reads `closure-islocked`.
extension VehicleAPI {
    func v3Security(lock: Bool, link: V3Link, requestId: String) async -> APIReply {
        guard link.connection.permissions.contains("control_security") else {
            return .v3Error("PERMISSION", nil, requestId: requestId)
        }
        if let failure = link.vehicle.persistentError {
            return .v3Error(failure.type, failure.code, requestId: requestId)
        }
        let id = link.vehicle.id
        if await state.longRunningCommands {
            let started = await state.now()
            let completesAt = started.addingTimeInterval(config.commandDuration)
            if let code = await state.startSecurity(id, lock: lock, completesAt: completesAt) {
                return .v3Error("VEHICLE_STATE", code, requestId: requestId)
            }
            return execution(lock: lock, status: "PENDING", mode: "async", executedAt: started, completedAt: nil)
        }
        if config.commandDuration > 0 {
            try? await Task.sleep(nanoseconds: UInt64(config.commandDuration * 1e9))
        }
        let executedAt = await state.now()
        if let code = await state.security(id, lock: lock) {
            return .v3Error("VEHICLE_STATE", code, requestId: requestId)
        }
        return execution(lock: lock, status: "SUCCESS", mode: "sync", executedAt: executedAt, completedAt: executedAt)
    }

    /// `{"data":{"id":"exec_…","type":"command-execution",…}}`; `202` while it still runs.
    private func execution(lock: Bool, status: String, mode: String, executedAt: Date, completedAt: Date?)
        -> APIReply
    {
        var meta = ["executedAt": Self.timestamp(executedAt)]
        meta["completedAt"] = completedAt.map(Self.timestamp)
        let execution: [String: Any] = [
            "id": "exec_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
            "type": "command-execution",
            "attributes": [
                "commandType": lock ? "security-lock" : "security-unlock", "status": ["value": status],
                "executionMode": mode,
            ],
            "meta": meta,
        ]
        return APIReply(status: completedAt == nil ? 202 : 200, body: VehicleReadings.json(["data": execution]))
    }
}
