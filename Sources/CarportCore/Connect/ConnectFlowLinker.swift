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
        /// What Smartcar did not answer after the exchange; stored, read again by `carport refresh`.
        public var gaps = LinkGaps()
        /// Set when a re-authorisation of this connection was completed by another Smartcar user:
        /// the grant was kept as `connection`, a new one, and this one still needs re-authentication.
        public var otherUserOf: ConnectionSummary?
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

    /// Exchanges `code` and stores a new connection with its pair at once; what Smartcar fails to
    /// answer afterwards is kept as gaps (`LinkGaps`). Nothing is stored when the exchange fails.
    public func link(code: String, _ options: Options) async throws -> Linked {
        do {
            let tokens = try await api.exchange(code: code, redirectURI: options.redirectURI)
            return try await keep(tokens, userId: nil, options, origin: "Connect")
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
        // The code is spent: a failed `/user` read must not drop the grant either.
        let userId = try? await api.userId(accessToken: tokens.accessToken)
        guard let userId, userId == connection.smartcarUserId, userId != LinkGaps.unknownUser else {
            // Another user, or one that cannot be told: keep the grant as a new connection for the
            // same customer and say so (`Linked.otherUserOf`); the old connection keeps its state
            // and still needs re-auth.
            let options = Options(customer: connection.customer, mode: connection.mode, redirectURI: redirectURI)
            var kept = try await keep(
                tokens, userId: userId, options,
                origin: "re-authorisation of \(connection.id) completed by another Smartcar user")
            kept.otherUserOf = connection.summary
            try? await store.recordAudit(
                AuditEntry(
                    at: clock.now(), osUser: osUser, action: "reauth", connectionId: connection.id,
                    outcome: "user-mismatch",
                    detail: userId == nil
                        ? "Smartcar's user could not be read: kept as connection \(kept.connection.id)"
                        : "Connect was completed by another Smartcar user: kept as connection \(kept.connection.id)"))
            return kept
        }
        let audit = AuditEntry(
            at: clock.now(), osUser: osUser, action: "reauth", connectionId: connection.id,
            outcome: "ok", detail: "new token pair from a forced Connect session")
        // Under the refresh lock and over the pair read under it, so a refresh never marks this
        // fresh pair for re-auth nor overwrites it with an older one (docs/SMARTCAR.md §4.5).
        let written = try? await store.withRefreshLock(connectionId: connection.id) { row in
            guard let spent = row.tokens?.refreshToken else { return PairWrite.superseded }
            return try await store.replaceTokens(
                connectionId: row.id, replacing: spent, tokens: tokens, audit: audit)
        }
        guard written == .written else {
            // The row changed, vanished or could not be written: the code is spent, so the grant is
            // kept as a new connection rather than dropped (`otherUserOf` says which it stands for).
            let options = Options(customer: connection.customer, mode: connection.mode, redirectURI: redirectURI)
            var kept = try await keep(
                tokens, userId: userId, options,
                origin: "re-authorisation of \(connection.id) that could not replace its pair")
            kept.otherUserOf = connection.summary
            return kept
        }
        var updated = connection
        updated.credentials = .tokenPair(tokens)
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
}
