import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// `show` completes what its own vehicle's connection is missing, not every gapped connection's
/// (each read is a request; a fleet can have many gapped links). Against the emulator.
struct ShowCompletionTests {
    @Test func showReadsOnlyItsOwnConnectionsGaps() async throws {
        try await SeededWorld.with(customers: ["Ada", "Ben"]) { world in
            let carport = try await buildCarport(environment: world.environment)
            for (connection, vehicle) in zip(world.connections, world.vehicles) {
                let gap = LinkGaps(vehicles: [vehicle.id: [.vin]])
                _ = try await carport.store.complete(LinkCompletion(connectionId: connection.id, gaps: gap), audit: nil)
            }
            #expect(try await carport.store.linkGaps().count == 2)
            let shown = try await carport.resolveVehicleCompleting(world.vehicles[0].id)
            #expect(shown.missing == nil)
            #expect(try await carport.store.linkGaps().keys.sorted() == [world.connections[1].id])
            #expect(await world.emulator.counters().callsPerVehicle[world.vehicles[1].id] == nil)
        }
    }
}
