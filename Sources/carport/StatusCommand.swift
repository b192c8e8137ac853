import ArgumentParser
import CarportApp
import CarportCore
import CarportTUI
import Foundation

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Count connections and vehicles per health state; the exit code says whether to act.",
        discussion: """
            Exit codes: 0 all is well (an expired access token alone is routine: the next refresh \
            renews it); 3 something needs attention soon (keep-alive due, runway critical, a failing \
            refresh, or a refresh runway ending within --expiring-within); 4 a connection needs \
            re-authentication; 1 carport could not run. Made for cron and monitoring.
            """)

    @Flag(help: "Print JSON (see docs/JSON.md).")
    var json = false

    @Flag(help: "List every connection that needs attention, not only the \(Self.shown) most urgent.")
    var all = false

    /// How many connections the report names before it counts the rest.
    static let shown = 10

    @Option(
        name: .customLong("expiring-within"),
        help: "Also call for attention when a refresh runway ends within this long (e.g. 7d, 36h).")
    var expiringWithin: String?

    func validate() throws {
        if let expiringWithin, DurationText.parse(expiringWithin) == nil {
            throw ValidationError("`\(expiringWithin)` is not a duration; write e.g. 90m, 36h, 7d or 2w.")
        }
    }

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let now = carport.clock.now()
        let policy = HealthPolicy.standard
        let health = { (c: ConnectionSummary) in policy.health(of: c.state, at: now) }
        let connections = try await CommandFailure.reporting { try await carport.store.connectionSummaries() }
        var byVehicle: [Health: Int] = [:]
        try await CommandFailure.reporting {
            try await carport.store.forEachFleetRow { _, c in byVehicle[health(c), default: 0] += 1 }
        }
        let rule = AttentionRule(window: expiringWithin.flatMap(DurationText.parse), policy: policy)
        // Most urgent first: the worst state, then the runway that ends soonest (v3: none, last).
        let runway = { (c: ConnectionSummary) in c.state.tokens?.refreshExpiresAt ?? .distantFuture }
        let attention = connections.filter { rule.needsAttention($0, at: now) }.sorted {
            (health($1).severity, runway($0)) < (health($0).severity, runway($1))
        }
        let code = rule.exitCode(connections, at: now)
        let byConnection = Dictionary(grouping: connections, by: health).mapValues(\.count)
        if json {
            var stream = JSONStream.standardOutput()
            stream.beginObject()
            stream.key("attention")
            stream.beginArray()
            for c in attention { try stream.encode(Attention(c, health(c))) }
            stream.endArray()
            stream.key("connections")
            try stream.encode(Counts(byConnection))
            stream.key("exitCode")
            stream.int(Int(code))
            stream.key("generatedAt")
            stream.date(now)
            stream.key("vehicles")
            try stream.encode(Counts(byVehicle))
            stream.endObject()
            stream.finish()
        } else {
            report(byConnection: byConnection, byVehicle: byVehicle, attention: attention, health: health, code: code)
        }
        if code != 0 { throw ExitCode(code) }
    }

    private func report(
        byConnection: [Health: Int], byVehicle: [Health: Int], attention: [ConnectionSummary],
        health: (ConnectionSummary) -> Health, code: Int32
    ) {
        var table = TextTable(columns: [
            .init(title: "HEALTH", minWidth: 10, flex: 0),
            .init(title: "CONNECTIONS", minWidth: 11, flex: 0),
            .init(title: "VEHICLES", minWidth: 8, flex: 0),
        ])
        table.rows = Health.severityOrder.map { h in
            [
                (h.label, Role.health(h)), (Format.count(byConnection[h] ?? 0), nil),
                (Format.count(byVehicle[h] ?? 0), nil),
            ]
        }
        Console.print(table, width: 80)
        Console.print("")
        let named = all ? attention[...] : attention.prefix(Self.shown)
        for c in named {
            let h = health(c)
            Console.print("\(h.label, role: Role.health(h)): \(c.customer) (\(c.id)): \(h.advice)")
        }
        let rest = Dictionary(grouping: attention.dropFirst(named.count), by: health).mapValues(\.count)
        for h in Health.severityOrder where rest[h] != nil {
            Console.print(
                "… and \(Format.count(rest[h]!)) more \(h.label, role: Role.health(h)): carport list --health \(h.rawValue)"
            )
        }
        if !rest.isEmpty { Console.print("`carport status --all` names every one.") }
        Console.print(
            code == 0
                ? "All connections are fine."
                : code == 4
                    ? "Some connections need re-authentication: run `carport reauth CONNECTION`."
                    : "Some connections need attention soon: `carport refresh --due` renews what it can.")
    }

    struct Counts: Encodable {
        let total: Int
        let byHealth: [String: Int]
        init(_ counts: [Health: Int]) {
            total = counts.values.reduce(0, +)
            byHealth = Dictionary(uniqueKeysWithValues: Health.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
        }
    }

    struct Attention: Encodable {
        let connectionId: String
        let customer: String
        let health: String
        let kind: String
        /// Null for a v3 connection, which has no refresh token.
        let refreshExpiresAt: Date?
        init(_ c: ConnectionSummary, _ h: Health) {
            connectionId = c.id
            customer = c.customer
            health = h.rawValue
            kind = c.kind.rawValue
            refreshExpiresAt = c.state.tokens?.refreshExpiresAt
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(connectionId, forKey: .connectionId)
            try c.encode(customer, forKey: .customer)
            try c.encode(health, forKey: .health)
            try c.encode(kind, forKey: .kind)
            try c.encode(refreshExpiresAt, forKey: .refreshExpiresAt) // null, not left out
        }

        enum CodingKeys: String, CodingKey { case connectionId, customer, health, kind, refreshExpiresAt }
    }
}
