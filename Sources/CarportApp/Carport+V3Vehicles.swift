import CarportCore
import Foundation
import SmartcarKit

/// Reads and commands for a v3 connection (docs/SMARTCAR.md §10): no token pair, the application's
/// token from `appTokens()` and the customer's Smartcar user as `sc-user-id` on every call.
extension Carport {
    /// Every signal in one request and the user's connections (for the permissions) side by side.
    /// Unless `remembering` is off (`--read-only`), what Smartcar answered is kept: a read that
    /// answered something is the vehicle's last read, and the list says whether Smartcar still has
    /// the connection (`noteListing`).
    func liveDataV3(_ vehicle: Vehicle, of connection: Connection, remembering: Bool) async throws -> LiveData {
        let ((api, tokens), user) = (try v3(), connection.smartcarUserId)
        let asked = clock.now()
        async let signals = Self.result {
            try await tokens.withToken { try await api.signals(vehicleId: vehicle.id, userId: user, appToken: $0) }
        }
        async let listed = Self.result {
            try await tokens.withToken { try await api.connections(userId: user, appToken: $0) }
        }
        let (readings, connections) = await (signals, listed)
        let data = LiveData(signals: readings, connections: connections, vehicleId: vehicle.id)
        guard remembering else { return data }
        if data.answeredAnything {
            try? await uncancelled { try await self.store.recordRead(vehicleId: vehicle.id, at: self.clock.now()) }
        }
        if case .success(let listed) = connections {
            await noteListing(listed, of: connection, vehicle: vehicle, askedAt: asked)
        }
        return data
    }

    /// What the user's list says of a v3 connection: listing the vehicle confirms it (and brings
    /// back one marked gone, audited); an empty list means Smartcar no longer has it, marked unless
    /// the customer connected again since `askedAt`. A list without this vehicle but with others
    /// changes nothing here (the permissions line says so).
    private func noteListing(
        _ listed: [SmartcarV3Connection], of connection: Connection, vehicle: Vehicle, askedAt: Date
    ) async {
        let id = connection.id
        if listed.contains(where: { $0.vehicleId == vehicle.id }) {
            let back =
                connection.reauthReason == nil
                ? nil
                : audit(
                    "show", connectionId: id, vehicleId: vehicle.id, outcome: "listed-again",
                    detail: "Smartcar lists this v3 connection again; it no longer needs re-authentication.")
            _ = try? await uncancelled { try await self.store.confirmApplicationLinks([id], at: askedAt, audit: back) }
        } else if listed.isEmpty, connection.reauthReason == nil {
            let reason = "Smartcar no longer lists this connection (live read, \(Format.utc(askedAt)))."
            _ = try? await uncancelled {
                try await self.store.markNeedsReauth(
                    connectionId: id, reason: reason, issuedBefore: askedAt,
                    audit: self.audit("show", connectionId: id, outcome: "needs-reauth", detail: reason))
            }
        }
    }

    /// LOCK or UNLOCK over v3. The lock status is read first; a `200` is done, confirmed by one more
    /// read. A `202` is accepted and still running: `accepted` is called and the lock signal is read
    /// at growing intervals until it changes to the command's result or the command timeout passes
    /// (a car that was in that state already is said to be). The application token is fetched
    /// before anything is sent and away from the caller's cancellation, as a classic refresh is.
    func securityV3(
        _ action: SecurityAction, _ vehicle: Vehicle, of connection: Connection, accepted: @Sendable () -> Void
    ) async throws -> String {
        let ((api, tokens), user) = (try v3(), connection.smartcarUserId)
        let locking = action == .lock
        _ = try await uncancelled { try await tokens.token() }
        try Task.checkCancellation()
        let readLock = { @Sendable in
            try await tokens.withToken {
                try await api.signal(.isLocked, vehicleId: vehicle.id, userId: user, appToken: $0).isLocked?.value
            }
        }
        let before = try? await readLock()
        let outcome = try await tokens.withToken {
            try await api.security(action, vehicleId: vehicle.id, userId: user, appToken: $0)
        }
        let done = locking ? "Locked" : "Unlocked"
        switch outcome {
        case .done(let execution):
            let now = try? await readLock()
            return "\(done) (\(Self.requestNote(execution)))" + Self.confirmation(now, wanted: locking)
        case .accepted(let execution):
            accepted()
            if before == locking {
                return "\(done): Smartcar accepted it, and the car was \(done.lowercased()) already "
                    + "(\(Self.requestNote(execution)))."
            }
            return try await follow(readLock, to: locking, execution: execution, vehicle: vehicle)
        }
    }

    /// Reads the lock signal until it shows `locked` (done) or the command timeout passes.
    private func follow(
        _ readLock: @Sendable () async throws -> Bool?, to locked: Bool, execution: CommandExecution, vehicle: Vehicle
    ) async throws -> String {
        let deadline = clock.now().addingTimeInterval(RetryPolicy.standard.commandTimeout)
        for pause in Self.followPauses {
            do {
                try await Task.sleep(for: .seconds(pause))
            } catch {
                throw CarportError(.answerLost, "Smartcar had accepted the command before the wait was stopped.")
            }
            if let now = try? await readLock(), now == locked {
                return "\(locked ? "Locked" : "Unlocked"): Smartcar accepted it and the lock status now says so "
                    + "(\(Self.requestNote(execution)))."
            }
            if clock.now() >= deadline { break }
        }
        throw CarportError(
            .answerLost,
            "Smartcar accepted the \(locked ? "lock" : "unlock") command (\(Self.requestNote(execution))) but the "
                + "lock status had not changed after \(Format.elapsed(RetryPolicy.standard.commandTimeout)); it may "
                + "still take effect: read it with `carport show \(vehicle.id) --live`.")
    }

    /// Waits between reads of the lock signal after a `202`: soon at first, then every 15 s, up
    /// to the command timeout (about 21 reads in 310 s).
    static let followPauses: [Double] = [1, 2, 4, 8] + Array(repeating: 15, count: 20)

    /// Ends this app's access to the vehicle at Smartcar (`DELETE /v3/connections/{id}`, the id
    /// found in the user's list), then forgets the vehicle. A vehicle Smartcar no longer lists is
    /// only forgotten, and the message says so.
    func disconnectV3(_ vehicle: Vehicle, of connection: Connection) async throws -> String {
        let ((api, tokens), user) = (try v3(), connection.smartcarUserId)
        let listed = try await tokens.withToken { try await api.connections(userId: user, appToken: $0) }
        guard let link = listed.first(where: { $0.vehicleId == vehicle.id }) else {
            return "Smartcar no longer listed this vehicle's connection."
        }
        try await tokens.withToken { try await api.disconnect(connectionId: link.id, userId: user, appToken: $0) }
        return "Access revoked at Smartcar (connection \(link.id))."
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
