import CarportCore
import Foundation

extension Carport {
    /// Sends LOCK or UNLOCK and audits it either way; returns Smartcar's message. A v3 command
    /// Smartcar accepted but still runs calls `accepted` and is followed to its end
    /// (`securityV3`).
    public func sendSecurity(
        _ action: SecurityAction, to vehicle: Vehicle, of connection: Connection,
        accepted: @escaping @Sendable () -> Void = {}
    ) async throws -> String {
        let name = action == .lock ? "lock" : "unlock"
        return try await audited(name, vehicle, connection) {
            let message =
                switch connection.kind {
                case .classic:
                    try await withAccessToken(connection) { api, token in
                        try await api.security(action, vehicleId: vehicle.id, accessToken: token)
                    }
                case .v3: try await securityV3(action, vehicle, of: connection, accepted: accepted)
                }
            try await uncancelled {
                try await store.recordAudit(
                    audit(name, connectionId: connection.id, vehicleId: vehicle.id, detail: message))
            }
            return message
        }
    }

    /// Revokes this application's access to the vehicle (classic: `DELETE …/application`; v3:
    /// `DELETE /v3/connections/{id}`), then forgets it; audited either way. Returns what happened
    /// at Smartcar.
    @discardableResult
    public func disconnect(_ vehicle: Vehicle, of connection: Connection) async throws -> String {
        try await audited("disconnect", vehicle, connection) {
            let message: String
            switch connection.kind {
            case .classic:
                try await withAccessToken(connection) { api, token in
                    try await api.disconnect(vehicleId: vehicle.id, accessToken: token)
                }
                message = "Access revoked at Smartcar."
            case .v3:
                message = try await disconnectV3(vehicle, of: connection)
            }
            try await uncancelled {
                try await store.removeVehicle(
                    id: vehicle.id,
                    audit: audit("disconnect", connectionId: connection.id, vehicleId: vehicle.id, detail: message))
            }
            return message
        }
    }

    /// Runs `body` with the classic live client and a fresh access token. The token comes
    /// `uncancelled`, so a refresh under way always finishes and no rotated pair is lost.
    private func withAccessToken<T: Sendable>(
        _ connection: Connection, _ body: @Sendable (any SmartcarAPI, Secret) async throws -> T
    ) async throws -> T {
        let api = try smartcar()
        let token = try await uncancelled { try await self.accessToken(for: connection, api: api) }
        try Task.checkCancellation()
        return try await body(api, token)
    }

    /// Runs `body`; a failure is audited as `action`. Cancelling the calling task stops waiting for
    /// Smartcar's answer (the UI's `s`, the CLI's Ctrl-C): every store write runs `uncancelled`, so
    /// no audit line is lost; only the request itself is abandoned (docs/SMARTCAR.md §5.7).
    private func audited<T: Sendable>(
        _ action: String, _ vehicle: Vehicle, _ connection: Connection, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let started = clock.now()
        do {
            return try await body()
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
        guard Task.isCancelled || error is CancellationError else { return CarportError.from(error) }
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
    func uncancelled<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task { try await body() }.value
    }
}
