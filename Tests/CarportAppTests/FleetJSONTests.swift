import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// The streamed list must be byte for byte the documented VEHICLE ROW array that JSONEncoder writes.
struct FleetJSONTests {
    @Test func streamedRowsEqualTheEncodedRowsInListOrder() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("carport-fleet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let clock = ManualClock(Date(timeIntervalSince1970: 1_790_000_000))
        let carport = try await buildCarport(environment: ["HOME": home.path, "CARPORT_HOME": home.path], clock: clock)
        var fleet = SyntheticFleet.make(count: 400, at: clock.now())
        fleet[0].vehicles[0].vin = nil
        fleet[1].vehicles[0].year = Vehicle.unknownYear
        fleet[2].connection.customer = "Zoë \u{202E}evil\u{7F} \"quoted\"\n"
        fleet[3].connection.lastRefresh = RefreshRecord(attemptedAt: clock.now(), outcome: .revoked, message: nil)
        try await carport.store.importConnections(fleet, audit: carport.audit("import"))

        for redacting in [false, true] {
            var bytes: [UInt8] = []
            var stream = JSONStream { bytes.append(contentsOf: $0) }
            try await carport.writeFleetRows(into: &stream, at: clock.now(), redactingVIN: redacting) {
                $0.health != .healthy || $0.connection.customer.hasPrefix("A")
            }
            stream.finish(newline: false)

            let rows = fleet.map { item in
                FleetRow(
                    vehicle: item.vehicles[0], connection: item.connection.summary,
                    health: HealthPolicy.standard.health(of: item.connection.state, at: clock.now()))
            }
            .filter { $0.health != .healthy || $0.connection.customer.hasPrefix("A") }
            .sorted {
                ($0.connection.customer.lowercased(), $0.vehicle.id) < (
                    $1.connection.customer.lowercased(), $1.vehicle.id
                )
            }
            let encoded = TerminalText.jsonEscaped(
                String(
                    decoding: try JSONStream.encoder().encode(rows.map { VehicleRowJSON($0, redactingVIN: redacting) }),
                    as: UTF8.self))
            #expect(rows.count > 50 && rows.count < 400)
            #expect(String(decoding: bytes, as: UTF8.self) == encoded)
        }
    }
}
