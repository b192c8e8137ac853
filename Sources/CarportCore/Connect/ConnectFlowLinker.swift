import Foundation

/// The steps after Connect handed over a code: exchange it, read `/user`, every vehicle and its
/// attributes (and VIN when granted), then store the connection, its vehicles and the audit entry
/// in one transaction. Also the re-authorisation variant, which replaces an existing
/// connection's token pair.
public struct ConnectFlowLinker: Sendable {
    public struct Options: Sendable, Equatable {
        public var customer: String
        public var mode: ConnectMode
        /// The redirect URI the Connect URL carried; the exchange must repeat it.
        public var redirectURI: String?
        public init(customer: String, mode: ConnectMode, redirectURI: String?) {
            self.customer = customer
            self.mode = mode
            self.redirectURI = redirectURI
        }
    }

    public struct Linked: Sendable, Equatable {
        public var connection: Connection
        public var vehicles: [Vehicle]
        /// Vehicles that were linked to another connection before and now belong to this one.
        public var moves: [VehicleMove]
    }

    let api: any SmartcarAPI
    let store: any ConnectionStore
    let clock: any WallClock
    let random: any RandomSource
    let osUser: String

    public init(
        api: any SmartcarAPI, store: any ConnectionStore, clock: any WallClock,
        random: any RandomSource, osUser: String
    ) {
        self.api = api
        self.store = store
        self.clock = clock
        self.random = random
        self.osUser = osUser
    }

    /// Exchanges `code` and stores a new connection. Nothing is stored when a step fails.
    public func link(code: String, _ options: Options) async throws -> Linked {
        do {
            let tokens = try await api.exchange(code: code, redirectURI: options.redirectURI)
            let userId = try await api.userId(accessToken: tokens.accessToken)
            let connectionId = random.uuid()
            var vehicles: [Vehicle] = []
            var scopes = Set<String>()
            for vehicleId in try await api.vehicleIds(accessToken: tokens.accessToken) {
                let (vehicle, granted) = try await describe(vehicleId, connectionId: connectionId, tokens)
                vehicles.append(vehicle)
                scopes.formUnion(granted)
            }
            let now = clock.now()
            let connection = Connection(
                id: connectionId, smartcarUserId: userId, customer: options.customer, mode: options.mode,
                scopes: scopes.sorted(), tokens: tokens, createdAt: now, updatedAt: now)
            let detail = "customer \(options.customer), \(vehicles.count) vehicle(s)"
            let audit = AuditEntry(
                at: now, osUser: osUser, action: "connect", connectionId: connectionId,
                outcome: "ok", detail: detail)
            let moves = try await store.insert(connection, vehicles: vehicles, audit: audit)
            return Linked(connection: connection, vehicles: vehicles, moves: moves)
        } catch let error as CarportError {
            try? await store.recordAudit(
                AuditEntry(
                    at: clock.now(), osUser: osUser, action: "connect", outcome: error.kind.rawValue,
                    detail: "customer \(options.customer): \(error.message)"))
            throw error
        }
    }

    /// Re-authorisation by a new Connect session (`approval_prompt=force`): exchanges `code` and
    /// gives `connection` the new pair, provided the code belongs to the same Smartcar user.
    public func reauthorize(_ connection: Connection, code: String, redirectURI: String?) async throws -> Linked {
        let tokens = try await api.exchange(code: code, redirectURI: redirectURI)
        let userId = try await api.userId(accessToken: tokens.accessToken)
        guard userId == connection.smartcarUserId else {
            try? await store.recordAudit(
                AuditEntry(
                    at: clock.now(), osUser: osUser, action: "reauth", connectionId: connection.id,
                    outcome: "user-mismatch", detail: "Connect was completed by another Smartcar user"))
            throw CarportError(
                .usage,
                """
                The customer signed in to Connect as a different Smartcar user than connection \
                \(connection.id) (\(connection.customer)) belongs to, so its tokens were not replaced. \
                Ask them to sign in with the carmaker account they linked before, or link this account \
                as a new connection with `carport connect --customer LABEL`.
                """)
        }
        let audit = AuditEntry(
            at: clock.now(), osUser: osUser, action: "reauth", connectionId: connection.id,
            outcome: "ok", detail: "new token pair from a forced Connect session")
        try await store.replaceTokens(connectionId: connection.id, tokens: tokens, audit: audit)
        var updated = connection
        updated.tokens = tokens
        updated.reauthReason = nil
        updated.updatedAt = audit.at
        let vehicles = try await store.vehicles().filter { $0.connectionId == connection.id }
        return Linked(connection: updated, vehicles: vehicles, moves: [])
    }

    /// After `/oauth/reauthenticate` redirected back with `vehicle_id` (docs/SMARTCAR.md §2.4): the
    /// carmaker login is repaired and the stored pair stays valid, so only the audit log changes.
    public func confirmReauthentication(
        _ connection: Connection, vehicleId: String,
        expected: String
    ) async throws -> Linked {
        guard vehicleId == expected else {
            throw CarportError(
                .usage,
                """
                Connect re-authenticated vehicle \(vehicleId), not \(expected). Nothing changed; run \
                `carport reauth \(connection.id) --vehicle \(expected)` again.
                """)
        }
        try await store.recordAudit(
            AuditEntry(
                at: clock.now(), osUser: osUser, action: "reauth", connectionId: connection.id, vehicleId: vehicleId,
                outcome: "ok", detail: "carmaker login re-authenticated through /oauth/reauthenticate"))
        let vehicles = try await store.vehicles().filter { $0.connectionId == connection.id }
        return Linked(connection: connection, vehicles: vehicles, moves: [])
    }

    /// One vehicle's attributes, its VIN when `read_vin` was granted, and its granted permissions.
    private func describe(
        _ vehicleId: String, connectionId: String,
        _ tokens: TokenPair
    ) async throws -> (Vehicle, [String]) {
        let attributes = try await api.attributes(vehicleId: vehicleId, accessToken: tokens.accessToken)
        let granted = try await api.permissions(vehicleId: vehicleId, accessToken: tokens.accessToken)
        let vin =
            granted.contains("read_vin")
            ? try await api.vin(vehicleId: vehicleId, accessToken: tokens.accessToken) : nil
        let vehicle = Vehicle(
            id: vehicleId, connectionId: connectionId, make: attributes.make,
            model: attributes.model, year: attributes.year, vin: vin)
        return (vehicle, granted)
    }
}
