import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// Stopping the wait for a lock (the UI's `s`, the CLI's Ctrl-C) against the emulator: once the
/// request has left it is recorded as possibly taken effect; before, nothing is sent.
struct StopWaitingTests {
    @Test func stoppingAfterTheRequestLeftIsAuditedAsMayHaveTakenEffect() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            var slow = EmulatorFault.slow(seconds: 30)
            slow.path = "/security"
            await world.emulator.inject(slow)
            let carport = try await buildCarport(environment: world.environment)
            let (vehicle, connection) = try await carport.resolveVehicle(world.vehicles[0].id)
            let waiting = Task { try await carport.sendSecurity(.lock, to: vehicle, of: connection) }
            try await poll(until: "the lock reached the emulator") { await world.emulator.counters().faultsFired == 1 }
            waiting.cancel()
            let error = await #expect(throws: CarportError.self) { try await waiting.value }
            #expect(error?.kind == .answerLost)
            #expect(error?.message.contains("Stopped waiting for the lock command after") == true)
            #expect(error?.message.contains("may still take effect") == true)
            let log = try await carport.store.auditLog(since: nil, limit: nil)
            #expect(log.contains { $0.action == "lock" && $0.outcome == "answer-lost" }, "\(log)")
        }
    }

    @Test func stoppingBeforeTheRequestLeftSendsNothing() async throws {
        try await SeededWorld.with(customers: ["Ben"]) { world in
            let carport = try await buildCarport(environment: world.environment)
            let (vehicle, connection) = try await carport.resolveVehicle(world.vehicles[0].id)
            let waiting = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await carport.sendSecurity(.lock, to: vehicle, of: connection)
            }
            let error = await #expect(throws: CarportError.self) { try await waiting.value }
            #expect(error?.message == "Stopped before the lock command was sent; nothing was changed.")
            #expect(error?.kind == .stopped)
            let log = try await carport.store.auditLog(since: nil, limit: nil)
            #expect(log.contains { $0.action == "lock" && $0.outcome == "stopped" }, "\(log)")
            #expect(await world.emulator.counters().apiCalls == 0)
        }
    }
}
