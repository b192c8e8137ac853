import ArgumentParser
import CarportApp
import CarportCore
import CarportTUI
import Foundation

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one vehicle: attributes, connection and token health; with --live, current data.")

    @Argument(help: "The vehicle: Smartcar id (or a prefix), VIN, or the VIN's last six characters.")
    var vehicle: String

    @Flag(help: "Also read the odometer, location, battery or fuel, and lock status from Smartcar.")
    var live = false

    @Flag(help: "Print JSON (see docs/JSON.md).")
    var json = false

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        var (vehicle, connection, missing) = try await CommandFailure.reporting {
            try await carport.resolveVehicleCompleting(self.vehicle)
        }
        var readings: LiveReadings?
        if live {
            let data = try await CommandFailure.reporting {
                try await carport.liveData(vehicle, of: connection, refreshing: true)
            }
            readings = LiveReadings(data, granted: connection.scopes)
            // As stored after the read: a refreshed pair, a v3 vehicle's last read.
            connection = try await carport.store.connection(id: connection.id) ?? connection
            vehicle = try await carport.store.vehicle(id: vehicle.id) ?? vehicle
        }
        let now = carport.clock.now()
        let row = FleetRow(
            vehicle: vehicle, connection: connection.summary,
            health: HealthPolicy.standard.health(of: connection, at: now))
        if json {
            struct Output: Encodable {
                let vehicle: VehicleRowJSON
                let scopes: [String]
                let mode: String
                let live: LiveReadings?
            }
            try JSONOutput.print(
                Output(
                    vehicle: .init(row), scopes: connection.scopes, mode: connection.mode.rawValue,
                    live: readings))
            return
        }
        var lines = Self.describe(vehicle, connection, health: row.health, now: now)
        if let missing { lines.append("Missing       \(missing)") }
        if let readings { lines += [""] + Self.describe(readings, now: now) }
        for line in lines { Console.print(line) }
    }

    static func describe(_ v: Vehicle, _ c: Connection, health: Health, now: Date) -> [StyledText] {
        var lines: [StyledText] = [
            "Vehicle       \(v.title)",
            "Vehicle id    \(v.id)",
            "VIN           \(v.vin ?? Vehicle.noVIN(c.kind))",
            "Customer      \(c.customer)",
            "Connection    \(c.id) (\(c.kind.rawValue), \(c.mode.rawValue), Smartcar user \(c.smartcarUserId))",
            "Health        \(health.label, role: Role.health(health)): \(health.advice)",
        ]
        switch c.credentials {
        case .tokenPair(let t):
            lines += [
                "Access token  \(Format.access(c.state, now: now)) (until \(Format.utc(t.accessExpiresAt)))",
                "Runway        \(Format.runway(c.state, now: now)) (refresh token until \(Format.utc(t.refreshExpiresAt)))",
                "Last refresh  \(Format.lastRefresh(c.lastRefresh, now: now))",
            ]
        case .application(let confirmedAt):
            let ago = { (date: Date) in Format.ago(date, now: now) }
            lines += [
                "Credentials   v3 app: the application token with this customer's Smartcar user, no token pair",
                "At Smartcar   \(c.reauthReason == nil ? "connected" : "gone") (last listed \(ago(confirmedAt)))",
                "Last read     \(v.lastSeenAt.map(ago) ?? "not read yet")",
            ]
        }
        if let message = c.lastRefresh?.message { lines.append("              \(message)") }
        if let reason = c.reauthReason { lines.append("Re-auth       \(reason)") }
        lines.append("Permissions   \(c.scopes.joined(separator: ", "))")
        return lines
    }

    /// The `LiveData` reading a line's label stands for.
    private static func reading(_ label: String) -> String {
        ["Locked": "locks"][label] ?? label.lowercased()
    }

    static func describe(_ r: LiveReadings, now: Date) -> [StyledText] {
        func line<V>(_ name: String, _ item: LiveReadings.Item<V>, _ text: (V) -> String) -> StyledText {
            let label = name.padding(toLength: 14, withPad: " ", startingAt: 0)
            if let value = item.value {
                return "\(label)\(text(value))  (\(Format.age(item.dataAge, fetchedAt: item.fetchedAt, now: now)))"
            }
            if item.error == nil, r.notCapable.contains(Self.reading(name)) {
                return "\(label)not capable (Smartcar said so before; not asked again)"
            }
            var message = item.error?.message ?? "no data"
            if let suggested = item.error?.suggestedUserMessage, !message.contains(suggested) {
                message += " Customer message: \(suggested)"
            }
            return "\(label)unavailable: \(message)"
        }
        let percent = { (p: Double?) in p.map { "\(Int(($0 * 100).rounded()))%" } ?? "?" }
        let km = { (d: Double?) in d.map { String(format: "%.0f km", $0) } ?? "? km" }
        return [
            line("Odometer", r.odometer) { String(format: "%.1f km", $0.distanceKm) },
            line("Location", r.location) { String(format: "%.5f, %.5f", $0.latitude, $0.longitude) },
            line(r.energy.value?.source == "fuel" ? "Fuel" : "Battery", r.energy) {
                "\(percent($0.percentRemaining)), range \(km($0.rangeKm))"
            },
            line("Locked", r.lock) {
                $0.isLocked ? "yes" : "no" + ($0.openParts.isEmpty ? "" : " (\($0.openParts.joined(separator: ", ")))")
            },
            "Access now    \(r.permissions.accessNow ?? "unavailable: \(r.permissions.error?.message ?? "no data")")",
        ]
    }
}
