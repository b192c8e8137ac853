import ArgumentParser
import CarportApp
import CarportCore
import CarportTUI
import Foundation

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List linked vehicles with the health of their connection's tokens.")

    @Flag(help: "Print JSON (see docs/JSON.md) instead of a table.")
    var json = false

    @Option(help: "Only vehicles in this health state: \(Health.argumentHelp).")
    var health: String?

    @Option(help: "Only vehicles of customers whose label contains this text (case-insensitive).")
    var customer: String?

    func validate() throws {
        if let health, Health(argument: health) == nil {
            throw ValidationError("Unknown health state `\(health)`; use one of \(Health.argumentHelp).")
        }
    }

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let now = carport.clock.now()
        let wanted = health.flatMap(Health.init(argument:))
        let matches = { (row: FleetRow) in
            (wanted == nil || row.health == wanted)
                && (customer.map { row.connection.customer.localizedCaseInsensitiveContains($0) } ?? true)
        }
        if json {
            // Streamed: a fleet of 100,000 vehicles is never held in memory (docs/CODEBASE.md).
            var stream = JSONStream.standardOutput()
            stream.beginObject()
            stream.key("generatedAt")
            stream.date(now)
            stream.key("vehicles")
            try await CommandFailure.reporting {
                try await carport.writeFleetRows(into: &stream, at: now, where: matches)
            }
            stream.endObject()
            stream.finish()
            return
        }
        let rows = try await CommandFailure.reporting { try await Self.rowsWithUnread(carport, at: now) }.filter(
            matches)
        guard !rows.isEmpty else {
            Console.print(
                health == nil && customer == nil
                    ? "No vehicles yet. Link one with `carport connect --customer LABEL`."
                    : "No vehicles match.")
            return
        }
        Console.print(Self.table(rows, now: now), width: TerminalStyle.width())
        for row in rows where row.vehicle.isUnread {
            Console.print(
                "\(row.connection.customer): vehicles not read yet; run `carport refresh \(row.connection.id)`.")
        }
    }

    static func table(_ rows: [FleetRow], now: Date) -> TextTable {
        var table = TextTable(columns: [
            .init(title: "CUSTOMER", minWidth: 8, flex: 3), .init(title: "VEHICLE", minWidth: 10, flex: 2),
            .init(title: "VIN", minWidth: 6, flex: 0), .init(title: "ACCESS", minWidth: 7, flex: 0),
            .init(title: "RUNWAY", minWidth: 6, flex: 0), .init(title: "HEALTH", minWidth: 10, flex: 0),
            .init(title: "LAST", minWidth: 8, flex: 1),
        ])
        table.rows = rows.map { row in
            let v = row.vehicle
            let state = row.connection.state
            return [
                (row.connection.customer, nil),
                (v.isUnread ? "not read yet: run carport refresh \(v.connectionId)" : v.title, nil),
                (v.vinTail ?? "–", nil),
                (Format.access(state, now: now), nil), (Format.runway(state, now: now), nil),
                (row.health.label, Role.health(row.health)),
                (Format.lastActivity(state, lastRead: v.lastSeenAt, now: now), nil),
            ]
        }
        return table
    }
}

extension ListCommand {
    /// The fleet's rows plus one per connection whose vehicles Smartcar has not listed yet
    /// (`Vehicle.unread`), so a connection stored before that still shows.
    static func rowsWithUnread(_ carport: Carport, at now: Date) async throws -> [FleetRow] {
        let (rows, connections) = try await carport.fleet(at: now)
        let unread = Set(try await carport.unreadPlaceholders().map(\.connectionId))
        return rows
            + connections.filter { unread.contains($0.id) }.sorted(by: ConnectionSummary.byCustomer).map { connection in
                FleetRow(
                    vehicle: Vehicle.unread(connectionId: connection.id), connection: connection,
                    health: HealthPolicy.standard.health(of: connection.state, at: now))
            }
    }
}
