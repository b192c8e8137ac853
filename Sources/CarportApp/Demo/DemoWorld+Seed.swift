import CarportCore
import Foundation
import SmartcarEmulator

extension DemoWorld {
    /// One demo customer and how to age their connection so that it shows one health state.
    public struct Seed: Sendable {
        var customer: String
        var health: Health
        /// Granted at Connect, then taken back by the customer: the emulator no longer has them.
        var withdrawn: [String] = []
        var age: @Sendable (inout Connection, Date) -> Void = { _, _ in }
    }

    public static let day: TimeInterval = 86_400
    /// How long ago the seeded pairs were last refreshed, so the list's Last column is not all "never".
    public static let lastRefreshed: TimeInterval = 12 * 60

    /// Every health state, once each, plus a healthy fleet customer.
    public static let seeds: [Seed] = [
        Seed(customer: "Northwind Logistics", health: .healthy),
        Seed(customer: "Alice Example", health: .healthy, withdrawn: ["read_location"]),
        Seed(customer: "Bob's Bikes & Cars", health: .accessExpiring) { c, now in
            c.agePair {
                $0.issuedAt = now.addingTimeInterval(-115 * 60)
                $0.accessExpiresAt = now.addingTimeInterval(5 * 60)
            }
        },
        Seed(customer: "Chen Wei", health: .accessExpired) { c, now in
            c.agePair {
                $0.issuedAt = now.addingTimeInterval(-140 * 60)
                $0.accessExpiresAt = now.addingTimeInterval(-20 * 60)
            }
        },
        Seed(customer: "Dana Scully", health: .keepAliveDue) { c, now in
            c.agePair { $0.refreshExpiresAt = now.addingTimeInterval(10 * day) }
        },
        Seed(customer: "Emil Larsen", health: .runwayCritical) { c, now in
            c.agePair { $0.refreshExpiresAt = now.addingTimeInterval(2 * day) }
        },
        Seed(customer: "Fatima Okafor", health: .failing) { c, now in
            c.lastRefresh = RefreshRecord(
                attemptedAt: now.addingTimeInterval(-180), outcome: .transientFailure,
                message: "The token service answered 503; the old pair was kept.")
        },
        Seed(customer: "Gus Fring", health: .needsReauth) { c, now in
            c.lastRefresh = RefreshRecord(
                attemptedAt: now.addingTimeInterval(-3600), outcome: .revoked,
                message: "invalid_grant")
            c.reauthReason = "Smartcar rejected the refresh token (invalid_grant). The customer must reconnect."
        },
    ]

    /// The v3 app's customers (docs/SMARTCAR.md §10): no pair, so no clocks; one Smartcar still has
    /// and read 20 minutes ago, one the customer disconnected at Smartcar.
    public static let v3Seeds: [(customer: String, gone: Bool)] = [("Ines Duarte", false), ("Jonas Weber", true)]

    /// Links each seed's emulator account (its own vehicles) into `store`, aged to its health state.
    /// The re-auth customer's token family is revoked in the emulator too, so a refresh fails as it would.
    public func seed(into store: any ConnectionStore) async throws {
        try await seedClassic(into: store)
        try await seedV3(into: store)
    }

    private func seedV3(into store: any ConnectionStore) async throws {
        let now = clock.now()
        for (index, seed) in Self.v3Seeds.enumerated() {
            let seeded = await emulator.seedV3Connection(vehicleCount: 1, scopes: Configuration.defaultScopes)
            var (connection, vehicles) = await emulator.storedV3Connection(
                seeded, id: "demo-v3-\(index + 1)", customer: seed.customer, scopes: Configuration.defaultScopes,
                confirmedAt: now.addingTimeInterval(-2 * 3600), createdAt: now.addingTimeInterval(-9 * Self.day))
            if seed.gone {
                _ = await emulator.disconnectV3User(seeded.userId)
                connection.reauthReason =
                    "Smartcar no longer lists this connection (carport reconcile): the customer disconnected it."
            } else {
                vehicles = vehicles.map {
                    var read = $0
                    read.lastSeenAt = now.addingTimeInterval(-20 * 60)
                    return read
                }
            }
            _ = try await store.insert(
                connection, vehicles: vehicles,
                audit: AuditEntry(
                    at: now, osUser: "demo", action: "connect", connectionId: connection.id, outcome: "ok",
                    detail: "demo seed (v3)"))
        }
    }

    private func seedClassic(into store: any ConnectionStore) async throws {
        let now = clock.now()
        for (index, seed) in Self.seeds.enumerated() {
            let granted = Configuration.defaultScopes.filter { !seed.withdrawn.contains($0) }
            guard let seeded = await emulator.seedConnection(email: Self.email(of: seed.customer), scopes: granted)
            else {
                throw CarportError(.internal, "The emulator refused to seed \(seed.customer).")
            }
            let (stored, vehicles) = await emulator.storedConnection(
                seeded, id: "demo-\(index + 1)", customer: seed.customer, scopes: Configuration.defaultScopes,
                issuedAt: now.addingTimeInterval(-Self.lastRefreshed), createdAt: now.addingTimeInterval(-30 * Self.day)
            )
            var connection = stored
            connection.updatedAt = now
            seed.age(&connection, now)
            // A fleet in use: each pair came from a refresh when it was issued (unless the seed says otherwise).
            if connection.lastRefresh == nil, let pair = connection.tokens {
                connection.lastRefresh = RefreshRecord(attemptedAt: pair.issuedAt, outcome: .succeeded)
            }
            if seed.health == .needsReauth { await emulator.revokeFamily(ofToken: seeded.tokens.refreshToken) }
            _ = try await store.insert(
                connection, vehicles: vehicles,
                audit: AuditEntry(
                    at: now, osUser: "demo", action: "connect", connectionId: connection.id, outcome: "ok",
                    detail: "demo seed"))
        }
    }
}

extension Connection {
    /// Changes a demo pair's clocks (every seeded connection has a pair).
    fileprivate mutating func agePair(_ change: (inout TokenPair) -> Void) {
        guard case .tokenPair(var pair) = credentials else { return }
        change(&pair)
        credentials = .tokenPair(pair)
    }
}
