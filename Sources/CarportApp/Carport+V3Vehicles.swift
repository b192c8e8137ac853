import CarportCore
import Foundation
import SmartcarKit

/// Reads and commands for a v3 connection (docs/SMARTCAR.md §10): no token pair, the application's
/// token from `appTokens()` and the customer's Smartcar user as `sc-user-id` on every call.
extension Carport {
    /// Every signal in one request and the user's connections (for the permissions) side by side.
    /// A read that answered something is remembered as the vehicle's last read, except with
    /// `remembering` off (`--read-only`).
    func liveDataV3(_ vehicle: Vehicle, of connection: Connection, remembering: Bool) async throws -> LiveData {
        let (api, tokens, user) = (try smartcarV3(), try appTokens(), connection.smartcarUserId)
        async let signals = Self.result {
            try await tokens.withToken { try await api.signals(vehicleId: vehicle.id, userId: user, appToken: $0) }
        }
        async let listed = Self.result {
            try await tokens.withToken { try await api.connections(userId: user, appToken: $0) }
        }
        let (readings, connections) = await (signals, listed)
        let data = LiveData(signals: readings, connections: connections, vehicleId: vehicle.id)
        if remembering, data.answeredAnything {
            try? await store.recordRead(vehicleId: vehicle.id, at: clock.now())
        }
        return data
    }

    /// LOCK or UNLOCK over v3. A `200` is done; a `202` is accepted and still running: `accepted`
    /// is called and the lock signal is read at growing intervals until it shows the result or the
    /// command timeout passes. Either way the lock status read last is what the message reports.
    func securityV3(
        _ action: SecurityAction, _ vehicle: Vehicle, of connection: Connection, accepted: @Sendable () -> Void
    ) async throws -> String {
        let (api, tokens, user) = (try smartcarV3(), try appTokens(), connection.smartcarUserId)
        let locking = action == .lock
        let outcome = try await tokens.withToken {
            try await api.security(action, vehicleId: vehicle.id, userId: user, appToken: $0)
        }
        let readLock = { @Sendable in
            try await tokens.withToken {
                try await api.signal(.isLocked, vehicleId: vehicle.id, userId: user, appToken: $0).isLocked?.value
            }
        }
        let done = locking ? "Locked" : "Unlocked"
        switch outcome {
        case .done(let execution):
            let now = try? await readLock()
            return "\(done) (\(Self.requestNote(execution)))" + Self.confirmation(now, wanted: locking)
        case .accepted(let execution):
            accepted()
            let deadline = clock.now().addingTimeInterval(RetryPolicy.standard.commandTimeout)
            for pause in Self.followPauses {
                do {
                    try await Task.sleep(for: .seconds(pause))
                } catch {
                    throw CarportError(.answerLost, "Smartcar had accepted the command before the wait was stopped.")
                }
                if let now = try? await readLock(), now == locking {
                    return
                        "\(done): Smartcar accepted it and the lock status now says so (\(Self.requestNote(execution)))."
                }
                if clock.now() >= deadline { break }
            }
            throw CarportError(
                .answerLost,
                "Smartcar accepted the \(locking ? "lock" : "unlock") command (\(Self.requestNote(execution))) but the "
                    + "lock status had not changed after \(Format.elapsed(RetryPolicy.standard.commandTimeout)); it may "
                    + "still take effect: read it with `carport show \(vehicle.id) --live`.")
        }
    }

    /// Waits between reads of the lock signal after a `202`: soon at first, then every 15 s, up
    /// to the command timeout (about 21 reads in 310 s).
    static let followPauses: [Double] = [1, 2, 4, 8] + Array(repeating: 15, count: 20)

    /// Ends this app's access to the vehicle at Smartcar (`DELETE /v3/connections/{id}`, the id
    /// found in the user's list), then forgets the vehicle. A vehicle Smartcar no longer lists is
    /// only forgotten, and the message says so.
    func disconnectV3(_ vehicle: Vehicle, of connection: Connection) async throws -> String {
        let (api, tokens, user) = (try smartcarV3(), try appTokens(), connection.smartcarUserId)
        let listed = try await tokens.withToken { try await api.connections(userId: user, appToken: $0) }
        guard let link = listed.first(where: { $0.vehicleId == vehicle.id }) else {
            return "Smartcar no longer listed this vehicle's connection; it was forgotten here."
        }
        try await tokens.withToken { try await api.disconnect(connectionId: link.id, userId: user, appToken: $0) }
        return "Disconnected at Smartcar (connection \(link.id))."
    }

    private static func requestNote(_ execution: CommandExecution) -> String {
        execution.requestId.map { "request id \($0)" } ?? "no request id"
    }

    private static func confirmation(_ locked: Bool?, wanted: Bool) -> String {
        switch locked {
        case wanted?: "; the lock status confirms it."
        case _?: "; but the lock status still says \(wanted ? "unlocked" : "locked")."
        case nil: "; the lock status could not be read to confirm it."
        }
    }

    private static func result<T: Sendable>(_ body: () async throws -> T) async -> Result<T, CarportError> {
        do { return .success(try await body()) } catch { return .failure(CarportError.from(error)) }
    }
}
