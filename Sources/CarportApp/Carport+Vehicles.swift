import CarportCore
import Foundation

extension Carport {
    /// Finds a vehicle by Smartcar id, id prefix, full VIN or the last characters of its VIN
    /// (at least four). An unknown or ambiguous name is an error that lists what matched.
    public func resolveVehicle(_ query: String) async throws -> (vehicle: Vehicle, connection: Connection) {
        let text = query.trimmingCharacters(in: .whitespaces)
        let vehicles = try await store.vehicles()
        let upper = text.uppercased()
        var matches = vehicles.filter { $0.id == text || $0.vin?.uppercased() == upper }
        if matches.isEmpty, text.count >= 4 {
            matches = vehicles.filter { $0.id.hasPrefix(text) || ($0.vin?.uppercased().hasSuffix(upper) ?? false) }
        }
        guard let vehicle = matches.first else {
            throw CarportError(
                .notFound,
                "No vehicle matches `\(text)`. Give its Smartcar id, its VIN or the VIN's last six characters; `carport list` shows them."
            )
        }
        guard matches.count == 1 else {
            let names = matches.prefix(5).map { "\($0.id) (\($0.make) \($0.model), VIN …\($0.vinTail ?? "?"))" }
            throw CarportError(
                .usage,
                "`\(text)` matches \(matches.count) vehicles: \(names.joined(separator: "; ")). Give more characters.")
        }
        guard let connection = try await store.connection(id: vehicle.connectionId) else {
            throw CarportError(
                .corruptStore, "Vehicle \(vehicle.id) points at connection \(vehicle.connectionId), which is missing.")
        }
        return (vehicle, connection)
    }

    /// A usable access token for `connection`: refreshed first, through the refresh engine, when it
    /// is expiring or expired (so never two refreshes at once), or with `.all(since:)` when Smartcar
    /// rejected the one issued before `since`.
    public func accessToken(
        for connection: Connection, api: any SmartcarAPI, selection: RefreshEngine.Selection = .due
    ) async throws -> Secret {
        let engine = RefreshEngine(store: store, api: api, clock: clock)
        let result = await engine.refresh(connectionId: connection.id, selection: selection)
        if let error = RefreshVerdict(result, customer: connection.customer).error { throw error }
        guard let current = try await store.connection(id: connection.id) else {
            throw CarportError(.notFound, "Connection \(connection.id) disappeared from the store.")
        }
        guard let pair = current.tokens else {
            throw CarportError(.internal, "Connection \(connection.id) is a v3 connection: it has no access token.")
        }
        guard pair.accessExpiresAt > clock.now() else {
            throw CarportError(
                .transient,
                "The access token has expired and could not be refreshed; try `carport refresh \(connection.id)`.")
        }
        return pair.accessToken
    }

    /// Odometer, location, energy, locks and permissions of a vehicle, read now. Without
    /// `refreshing` (the UI's `--read-only`) the stored access token is used as it is.
    public func liveData(_ vehicleQuery: String, refreshing: Bool) async throws -> LiveData {
        let (vehicle, connection) = try await resolveVehicle(vehicleQuery)
        return try await liveData(vehicle, of: connection, refreshing: refreshing)
    }

    /// A 401 with a token that looked fresh is refreshed once through the locked engine and the
    /// reads are tried once more (Smartcar's token guidance); without `refreshing` it is reported.
    public func liveData(_ vehicle: Vehicle, of connection: Connection, refreshing: Bool) async throws -> LiveData {
        guard let pair = connection.tokens else {
            return try await liveDataV3(vehicle, of: connection, remembering: refreshing)
        }
        let api = try smartcar()
        let token: Secret
        if refreshing {
            token = try await accessToken(for: connection, api: api)
        } else {
            guard pair.accessExpiresAt > clock.now() else {
                throw CarportError(
                    .usage,
                    "The access token has expired and --read-only does not refresh it; run carport without --read-only."
                )
            }
            token = pair.accessToken
        }
        let asked = clock.now()
        let data = try await fetchLiveData(
            vehicle, of: connection, api: api, accessToken: token, remembering: refreshing)
        guard data.tokenRejected else { return data }
        guard refreshing else {
            throw CarportError(
                .usage,
                "Smartcar rejected the access token although it had not expired; it needs a refresh, which "
                    + "--read-only does not do: run carport without --read-only, or `carport refresh \(connection.id)`."
            )
        }
        let fresh = try await accessToken(for: connection, api: api, selection: .all(since: asked))
        return try await fetchLiveData(vehicle, of: connection, api: api, accessToken: fresh, remembering: true)
    }

    /// `LiveData.fetch` without the readings the vehicle is known not to give or was not granted;
    /// what answered 501 is remembered for next time, except in `--read-only` (docs/SMARTCAR.md §5.4).
    /// A failed write of what was learnt costs the next read one request; it never costs this one.
    private func fetchLiveData(
        _ vehicle: Vehicle, of connection: Connection, api: any SmartcarAPI, accessToken: Secret, remembering: Bool
    ) async throws -> LiveData {
        let known = try await store.unsupportedReadings(vehicleId: vehicle.id)
        let data = await LiveData.fetch(
            api: api, vehicleId: vehicle.id, accessToken: accessToken, skipping: known,
            granted: connection.scopes.isEmpty ? nil : connection.scopes)
        if remembering, !data.unsupported.subtracting(known).isEmpty {
            try? await store.rememberUnsupported(data.unsupported, vehicleId: vehicle.id)
        }
        return data
    }
}
