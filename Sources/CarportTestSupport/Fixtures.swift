import CarportCore
import CarportTUI
import Foundation

/// A fleet with one connection in every health state, at a fixed `now`.
public enum Fixtures {
    public static let now = Date(timeIntervalSince1970: 1_795_946_400) // 2026-11-29 10:00:00 UTC

    public static func connection(
        _ id: String, _ customer: String, now: Date = now, accessLeft: TimeInterval, runwayLeft: TimeInterval,
        last: RefreshRecord.Outcome? = .succeeded, lastAgo: TimeInterval = 600,
        message: String? = nil, reauth: String? = nil
    ) -> Connection {
        let tokens = TokenPair(
            accessToken: Secret("access-\(id)"), refreshToken: Secret("refresh-\(id)"),
            issuedAt: now.addingTimeInterval(accessLeft - 7200),
            accessExpiresAt: now.addingTimeInterval(accessLeft),
            refreshExpiresAt: now.addingTimeInterval(runwayLeft))
        let record = last.map {
            RefreshRecord(attemptedAt: now.addingTimeInterval(-lastAgo), outcome: $0, message: message)
        }
        return Connection(
            id: id, smartcarUserId: "user-\(id)", customer: customer, mode: .simulated,
            scopes: ["read_vehicle_info", "read_vin", "read_odometer", "read_location", "control_security"],
            tokens: tokens, lastRefresh: record, reauthReason: reauth,
            createdAt: now.addingTimeInterval(-30 * 86_400), updatedAt: now)
    }

    public static let day: TimeInterval = 86_400

    /// What the UI holds: the connections without their secrets.
    public static let connections = connections(at: now).map(\.summary)

    public static func connections(at now: Date) -> [Connection] {
        [
            connection("c-alice", "Alice Example", now: now, accessLeft: 6600, runwayLeft: 59 * day),
            connection(
                "c-bob", "Bob Builder & Sons Haulage", now: now, accessLeft: 300, runwayLeft: 58 * day, lastAgo: 6900),
            connection("c-chen", "陈伟 Chen Wei", now: now, accessLeft: -1200, runwayLeft: 40 * day, lastAgo: 8400),
            connection("c-dana", "Dana Scully", now: now, accessLeft: 3000, runwayLeft: 10 * day, lastAgo: 50 * day),
            connection("c-emil", "Emil Larsen", now: now, accessLeft: 3000, runwayLeft: 2 * day, lastAgo: 58 * day),
            connection(
                "c-fatima", "Fatima Okafor", now: now, accessLeft: 4000, runwayLeft: 50 * day, last: .transientFailure,
                lastAgo: 180, message: "The token service answered 503; the old pair was kept."),
            connection(
                "c-gus", "Gus Fring", now: now, accessLeft: -9000, runwayLeft: 30 * day, last: .revoked, lastAgo: 3600,
                reauth: "invalid_grant: the customer revoked access"),
        ]
    }

    public static let vehicles: [Vehicle] = [
        Vehicle(
            id: "v-alice-1", connectionId: "c-alice", make: "TESLA", model: "Model 3", year: 2021,
            vin: "5YJ3E1EA7KF317000"),
        Vehicle(
            id: "v-alice-2", connectionId: "c-alice", make: "TESLA", model: "Model Y", year: 2023,
            vin: "7SAYGDEE5PF612345"),
        Vehicle(
            id: "v-bob", connectionId: "c-bob", make: "FORD", model: "F-150 Lightning", year: 2022,
            vin: "1FTFW1E84NFA00001"),
        Vehicle(
            id: "v-chen", connectionId: "c-chen", make: "TOYOTA", model: "RAV4", year: 2020, vin: "JTMW1RFV0LD512340"),
        Vehicle(id: "v-dana", connectionId: "c-dana", make: "NISSAN", model: "Leaf", year: 2019, vin: nil),
        Vehicle(id: "v-emil", connectionId: "c-emil", make: "BMW", model: "i4", year: 2024, vin: "WBY73AW00RFR00042"),
        Vehicle(
            id: "v-fatima", connectionId: "c-fatima", make: "VOLKSWAGEN", model: "ID.4", year: 2021,
            vin: "1V2GNPE80MC000777"),
        Vehicle(
            id: "v-gus", connectionId: "c-gus", make: "HYUNDAI", model: "Ioniq 5", year: 2022, vin: "KM8KRDAF1NU099999"),
    ]

    /// The fleet loaded, sorted by health (worst first), at `size`.
    public static func state(size: Size = Size(width: 80, height: 24), readOnly: Bool = false) -> State {
        var state = State(now: now, readOnly: readOnly, size: size)
        _ = reduce(&state, .loaded(connections: connections, vehicles: vehicles))
        return state
    }

    /// The fleet with two v3 connections added (docs/SMARTCAR.md §10): Ines's, listed by Smartcar an
    /// hour ago and read 20 minutes ago, and Jonas's, which Smartcar no longer has.
    public static func mixedState(size: Size = Size(width: 80, height: 24)) -> State {
        let v3 = [
            ConnectionSummary(
                id: "c-ines", customer: "Ines Duarte", mode: .live, scopes: ["read_odometer", "read_security"],
                state: .application(ApplicationState(confirmedAt: now.addingTimeInterval(-3600)))),
            ConnectionSummary(
                id: "c-jonas", customer: "Jonas Weber", mode: .live, scopes: ["read_odometer"],
                state: .application(
                    ApplicationState(
                        confirmedAt: now.addingTimeInterval(-86_400),
                        reauthReason: "Smartcar no longer lists this connection (carport reconcile)."))),
        ]
        let vehicles = [
            Vehicle(
                id: "v-ines", connectionId: "c-ines", make: "RIVIAN", model: "R1S", year: 2025,
                lastSeenAt: now.addingTimeInterval(-1200)),
            Vehicle(id: "v-jonas", connectionId: "c-jonas", make: "KIA", model: "EV6", year: 2023),
        ]
        var state = State(now: now, size: size)
        _ = reduce(&state, .loaded(connections: connections + v3, vehicles: self.vehicles + vehicles))
        return state
    }

    public static let serverError = CarportError(
        .transient, "Smartcar's servers failed (500); try again later.",
        details:
            SmartcarErrorDetails(
                type: "SERVER", code: "INTERNAL", description: "Internal server error", statusCode: 500,
                requestId: "req-1", resolutionType: "RETRY_LATER",
                suggestedUserMessage: "Something went wrong on Smartcar's side. Please try again later."))

    /// `count` vehicles over `count / 2` connections with every health state.
    public static func fleet(count: Int) -> (connections: [ConnectionSummary], vehicles: [Vehicle]) {
        let makes = ["TESLA", "FORD", "TOYOTA", "NISSAN", "BMW", "VOLKSWAGEN", "HYUNDAI", "KIA", "AUDI", "RIVIAN"]
        let models = ["Model 3", "Mustang Mach-E", "bZ4X", "Ariya", "iX", "ID.Buzz", "Kona", "EV6", "Q4 e-tron", "R1S"]
        var connections: [ConnectionSummary] = []
        var vehicles: [Vehicle] = []
        for i in 0..<(count / 2) {
            let template = Self.connections[i % Self.connections.count]
            var c = template
            c.id = "c-\(i)"
            c.customer = "Customer \(i * 7919 % 100_000)"
            connections.append(c)
            for j in 0..<2 {
                let n = i * 2 + j
                vehicles.append(
                    Vehicle(
                        id: "v-\(n)", connectionId: c.id, make: makes[n % 10], model: models[(n / 10) % 10],
                        year: 2015 + n % 10, vin: String(format: "1HGCM82633A%06d", n)))
            }
        }
        return (connections, vehicles)
    }
}
