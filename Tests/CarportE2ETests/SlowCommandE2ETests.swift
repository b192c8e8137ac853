import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// `carport lock` on a terminal while the car takes its time: the wait is counted on stderr, and
/// Ctrl-C stops waiting and says the lock may still happen (docs/SMARTCAR.md §5.7).
@Suite struct SlowCommandE2ETests {
    @Test func theWaitIsShownAndCtrlCStopsIt() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            var slow = EmulatorFault.slow(seconds: 60)
            slow.path = "/security"
            await world.emulator.inject(slow)
            let shell = try await TmuxSession(
                command: TmuxSession.shell, width: 120, height: 30, environment: world.environment)
            try await withCleanup {
                let vehicle = world.vehicles[0].id
                try await shell.send(
                    "\(TmuxSession.quote(CarportBinary.path)) lock \(vehicle); echo EXIT=$?", literal: true)
                try await shell.send("Enter")
                try await shell.waitFor(text: "(Ctrl-C stops waiting)")
                let counting = try await shell.waitFor(text: "… 2s (Ctrl-C stops waiting)")
                #expect(counting.contains("(Ada)"))
                try await shell.send("C-c")
                let screen = try await shell.waitFor(text: "EXIT=1")
                #expect(screen.contains("carport: Stopped waiting for the lock command after"), "\(screen)")
                #expect(screen.contains("may still take effect"))
                #expect(!screen.contains("(Ctrl-C stops waiting)"), "the progress line is cleared: \(screen)")
            } cleanup: {
                await shell.kill()
            }
        }
    }
}
