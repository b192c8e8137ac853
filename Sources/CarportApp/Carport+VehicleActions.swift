import CarportCore
import Foundation

extension Carport {
    /// Sends LOCK or UNLOCK and audits it either way; returns Smartcar's message.
    public func sendSecurity(_ action: SecurityAction, to vehicle: Vehicle, of connection: Connection) async throws
        -> String
    {
        let name = action == .lock ? "lock" : "unlock"
        return try await audited(name, vehicle, connection) { api, token in
            let message = try await api.security(action, vehicleId: vehicle.id, accessToken: token)
            try await uncancelled {
                try await store.recordAudit(
                    audit(name, connectionId: connection.id, vehicleId: vehicle.id, detail: message))
            }
            return message
        }
    }

    /// Revokes this application's access to the vehicle (`DELETE …/application`), then forgets it;
    /// audited either way.
    public func disconnect(_ vehicle: Vehicle, of connection: Connection) async throws {
        try await audited("disconnect", vehicle, connection) { api, token in
            try await api.disconnect(vehicleId: vehicle.id, accessToken: token)
            try await uncancelled {
                try await store.removeVehicle(
                    id: vehicle.id, audit: audit("disconnect", connectionId: connection.id, vehicleId: vehicle.id))
            }
        }
    }

    /// Runs `body` with the live client and a fresh access token; a failure is audited as `action`.
    /// Cancelling the calling task stops waiting for Smartcar's answer (the UI's `s`, the CLI's
    /// Ctrl-C): the token and every store write run `uncancelled`, so a refresh under way always
    /// finishes and no rotated pair or audit line is lost; only the request itself is abandoned
    /// (docs/SMARTCAR.md §5.7).
    private func audited<T: Sendable>(
        _ action: String, _ vehicle: Vehicle, _ connection: Connection,
        _ body: @Sendable (any SmartcarAPI, Secret) async throws -> T
    ) async throws -> T {
        let started = clock.now()
        do {
            let api = try smartcar()
            let token = try await uncancelled { try await self.accessToken(for: connection, api: api) }
            try Task.checkCancellation()
            return try await body(api, token)
        } catch {
            let failure = stopped(action, error, after: clock.now().timeIntervalSince(started), vehicle: vehicle)
            let entry = audit(
                action, connectionId: connection.id, vehicleId: vehicle.id,
                outcome: failure.kind.rawValue, detail: failure.message)
            try? await uncancelled { try await store.recordAudit(entry) }
            throw failure
        }
    }

    /// `error` as the operator should read it: a cancelled wait says whether the request had left.
    private func stopped(_ action: String, _ error: any Error, after seconds: TimeInterval, vehicle: Vehicle)
        -> CarportError
    {
        let carportError = error as? CarportError
        guard Task.isCancelled || error is CancellationError else {
            return carportError ?? CarportError(.internal, "Unexpected error: \(error)")
        }
        guard carportError?.kind == .answerLost else {
            return CarportError(.stopped, "Stopped before the \(action) command was sent; nothing was changed.")
        }
        return CarportError(
            .answerLost,
            "Stopped waiting for the \(action) command after \(Format.elapsed(seconds)). Smartcar had received it, "
                + "so it may still take effect: read the lock status to know (`carport show \(vehicle.id) --live`, "
                + "or live data in the UI).")
    }

    /// Runs `body` in a task of its own, which the caller's cancellation does not reach (GRDB
    /// gives up a write in a cancelled task).
    private func uncancelled<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task { try await body() }.value
    }
}
