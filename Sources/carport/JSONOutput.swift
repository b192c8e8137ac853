import CarportApp
import CarportCore
import Foundation

/// The stable `--json` shapes (documented in docs/JSON.md): keys sorted, dates ISO-8601 UTC.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let json = TerminalText.jsonEscaped(String(decoding: try encoder.encode(value), as: UTF8.self))
        FileHandle.standardOutput.write(Data((json + "\n").utf8))
    }

    struct LastRefresh: Encodable {
        let at: Date
        let outcome: String
        let message: String?
        init?(_ record: RefreshRecord?) {
            guard let record else { return nil }
            at = record.attemptedAt
            outcome = record.outcome.rawValue
            message = record.message
        }
    }

    struct VehicleRow: Encodable {
        let id: String
        let connectionId: String
        let customer: String
        let make: String
        let model: String
        /// Null when Smartcar's year was missing or implausible.
        let year: Int?
        let vin: String?
        let health: String
        let accessExpiresAt: Date
        let refreshExpiresAt: Date
        let lastRefresh: LastRefresh?
        let reauthReason: String?

        /// `redactingVIN`: the VIN's last six characters only, as `list` shows it (`export --redacted`).
        init(_ row: FleetRow, redactingVIN: Bool = false) {
            id = row.vehicle.id
            connectionId = row.connection.id
            customer = row.connection.customer
            make = row.vehicle.make
            model = row.vehicle.model
            year = Vehicle.plausibleYears.contains(row.vehicle.year) ? row.vehicle.year : nil
            vin = redactingVIN ? row.vehicle.vinTail : row.vehicle.vin
            health = row.health.rawValue
            accessExpiresAt = row.connection.state.accessExpiresAt
            refreshExpiresAt = row.connection.state.refreshExpiresAt
            lastRefresh = LastRefresh(row.connection.state.lastRefresh)
            reauthReason = row.connection.state.reauthReason
        }

        /// Explicit nulls keep the shape stable for scripts.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(connectionId, forKey: .connectionId)
            try c.encode(customer, forKey: .customer)
            try c.encode(make, forKey: .make)
            try c.encode(model, forKey: .model)
            try c.encode(year, forKey: .year)
            try c.encode(vin, forKey: .vin)
            try c.encode(health, forKey: .health)
            try c.encode(accessExpiresAt, forKey: .accessExpiresAt)
            try c.encode(refreshExpiresAt, forKey: .refreshExpiresAt)
            try c.encode(lastRefresh, forKey: .lastRefresh)
            try c.encode(reauthReason, forKey: .reauthReason)
        }

        enum CodingKeys: String, CodingKey {
            case id, connectionId, customer, make, model, year, vin, health, accessExpiresAt, refreshExpiresAt
            case lastRefresh, reauthReason
        }
    }
}
