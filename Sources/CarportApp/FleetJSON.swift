import CarportCore
import Foundation

/// The VEHICLE ROW of docs/JSON.md, for documents small enough to encode whole (`show`,
/// `connect`). Large lists stream the same shape through `JSONStream.vehicleRow`.
public struct VehicleRowJSON: Encodable, Sendable {
    let row: FleetRow
    let redactingVIN: Bool

    /// `redactingVIN`: the VIN's last six characters only, as `list` shows it (`export --redacted`).
    public init(_ row: FleetRow, redactingVIN: Bool = false) {
        self.row = row
        self.redactingVIN = redactingVIN
    }

    struct LastRefresh: Encodable {
        let at: Date
        let message: String?
        let outcome: String
        init?(_ record: RefreshRecord?) {
            guard let record else { return nil }
            at = record.attemptedAt
            outcome = record.outcome.rawValue
            message = record.message
        }
    }

    /// Explicit nulls keep the shape stable for scripts.
    public func encode(to encoder: Encoder) throws {
        let (vehicle, connection) = (row.vehicle, row.connection)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vehicle.id, forKey: .id)
        try c.encode(connection.id, forKey: .connectionId)
        try c.encode(connection.customer, forKey: .customer)
        try c.encode(vehicle.make, forKey: .make)
        try c.encode(vehicle.model, forKey: .model)
        try c.encode(vehicle.plausibleYear, forKey: .year)
        try c.encode(redactingVIN ? vehicle.vinTail : vehicle.vin, forKey: .vin)
        try c.encode(row.health.rawValue, forKey: .health)
        let tokens = connection.state.tokens
        try c.encode(connection.kind.rawValue, forKey: .kind)
        try c.encode(tokens?.accessExpiresAt, forKey: .accessExpiresAt)
        try c.encode(tokens?.refreshExpiresAt, forKey: .refreshExpiresAt)
        try c.encode(LastRefresh(tokens?.lastRefresh), forKey: .lastRefresh)
        try c.encode(row.confirmedAt, forKey: .confirmedAt)
        try c.encode(row.lastReadAt, forKey: .lastReadAt)
        try c.encode(connection.state.reauthReason, forKey: .reauthReason)
    }

    enum CodingKeys: String, CodingKey {
        case id, connectionId, customer, make, model, year, vin, health, kind, accessExpiresAt, refreshExpiresAt
        case lastRefresh, confirmedAt, lastReadAt, reauthReason
    }
}

extension JSONStream {
    /// One VEHICLE ROW, byte for byte what `VehicleRowJSON` encodes, keys in sorted order.
    public mutating func vehicleRow(_ row: FleetRow, redactingVIN: Bool = false) {
        let (vehicle, connection, state) = (row.vehicle, row.connection, row.connection.state)
        beginObject()
        key("accessExpiresAt")
        date(state.tokens?.accessExpiresAt)
        key("confirmedAt")
        date(row.confirmedAt)
        key("connectionId")
        string(connection.id)
        key("customer")
        string(connection.customer)
        key("health")
        string(row.health.rawValue)
        key("id")
        string(vehicle.id)
        key("kind")
        string(connection.kind.rawValue)
        key("lastReadAt")
        date(row.lastReadAt)
        key("lastRefresh")
        if let record = state.tokens?.lastRefresh {
            beginObject()
            key("at")
            date(record.attemptedAt)
            if let message = record.message { // left out when there is none, as JSONEncoder does
                key("message")
                string(message)
            }
            key("outcome")
            string(record.outcome.rawValue)
            endObject()
        } else {
            string(nil)
        }
        key("make")
        string(vehicle.make)
        key("model")
        string(vehicle.model)
        key("reauthReason")
        string(state.reauthReason)
        key("refreshExpiresAt")
        date(state.tokens?.refreshExpiresAt)
        key("vin")
        string(redactingVIN ? vehicle.vinTail : vehicle.vin)
        key("year")
        int(vehicle.plausibleYear)
        endObject()
    }
}

extension Carport {
    /// Streams every linked vehicle with its health at `now` as an array of VEHICLE ROWs, in list
    /// order, keeping those `include` accepts. Holds one row at a time.
    public func writeFleetRows(
        into stream: inout JSONStream, at now: Date, redactingVIN: Bool = false,
        where include: (FleetRow) -> Bool = { _ in true }
    ) async throws {
        stream.beginArray()
        try await store.forEachFleetRow { vehicle, connection in
            let row = FleetRow(
                vehicle: vehicle, connection: connection,
                health: HealthPolicy.standard.health(of: connection.state, at: now))
            if include(row) { stream.vehicleRow(row, redactingVIN: redactingVIN) }
        }
        stream.endArray()
    }
}
