import CarportTestSupport
import Foundation
import Testing

/// Issue 6's end-to-end test: `carport demo` under tmux. See the list with every health state,
/// open a detail, filter, read live data and lock, connect a new vehicle through the simulated approval and see it appear,
/// re-authenticate the dead connection, warp time, quit, and find the terminal restored.
@Suite struct DemoE2ETests {
    @Test func theWholeDemo() async throws {
        let home = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let tmux = try await TmuxSession(command: TmuxSession.quote(CarportBinary.path) + " demo --first-refresh-after 600",
                                         width: 100, height: 30, environment: CarportBinary.environment(home: home))
        do {
            var screen = try await tmux.waitFor(text: "Gus Fring")
            for state in ["re-auth 1", "critical 1", "failing 1", "keep-alive 1", "expired 1", "expiring 1", "healthy 2"] {
                #expect(screen.contains(state), "\(state) missing:\n\(screen)")
            }
            #expect(screen.contains(" DEMO "))

            try await tmux.send("Enter")
            screen = try await tmux.waitFor(text: "Refresh runway")
            #expect(screen.contains("Gus Fring") && screen.contains("invalid_grant"))
            try await tmux.send("Escape")

            try await tmux.send("/")
            try await tmux.send("critical", literal: true)
            try await tmux.send("Enter")
            screen = try await tmux.waitFor(text: "matching “critical”: 1 of 8")
            #expect(screen.contains("Emil Larsen") && !screen.contains("Gus Fring"))
            try await tmux.send("/")
            try await tmux.send("Escape")
            try await tmux.waitFor(text: "Gus Fring")

            // Live data and a lock command go through the emulator's Vehicle API.
            try await tmux.send("/")
            try await tmux.send("alice", literal: true)
            try await tmux.send("Enter", "Enter")
            try await tmux.waitFor(text: "Press d to ask the vehicle")
            try await tmux.send("d")
            screen = try await tmux.waitFor(text: "Odometer")
            #expect(screen.contains(" km · data "))
            try await tmux.send("l")
            try await tmux.waitFor(text: "y  send the command")
            try await tmux.send("y")
            // The emulator's demo F-150 is driving: Smartcar's error and its advice for the customer show.
            screen = try await tmux.waitFor(text: "VEHICLE_STATE:IN_MOTION (HTTP 409)")
            #expect(screen.contains("Customer message: Your vehicle is moving."))
            #expect(!screen.contains("Tell the customer"), "Smartcar's words for the customer twice:\n\(screen)")
            try await tmux.send("Escape", "/", "Escape")
            try await tmux.waitFor(text: "Gus Fring")

            try await tmux.send("n")
            try await tmux.send("Hana Sato", literal: true)
            try await tmux.send("Enter")
            try await tmux.waitFor(text: "Waiting for the customer")
            try await tmux.send("A")
            try await tmux.waitFor(text: "✓ Linked 1 vehicle for Hana Sato")
            try await tmux.send("Escape")
            screen = try await tmux.waitFor("Hana Sato in the list") { $0.contains("Refreshed") && $0.contains("Hana Sato") }
            #expect(screen.contains("Vehicles · 9") && screen.contains("healthy 3"))

            try await tmux.send("Home")
            try await tmux.send("a")
            try await tmux.waitFor(text: "Re-authenticate Gus Fring")
            try await tmux.waitFor(text: "Waiting for the customer")
            try await tmux.send("A")
            try await tmux.waitFor(text: "✓ Linked 1 vehicle for Gus Fring")
            try await tmux.send("Escape")
            try await tmux.waitFor("Gus healthy") { $0.contains("Refreshed") && $0.contains("re-auth 0") }

            try await tmux.send("W")
            screen = try await tmux.waitFor(text: "Time warp: the clocks moved 7d0h forward")
            // A week later: every pair was refreshed in the background, except Emil's, whose runway
            // (2 days) ran out first: he must reconnect.
            screen = try await tmux.waitFor("the background refresh after the warp") {
                $0.contains("healthy 8") && $0.contains("re-auth 1")
            }
            #expect(screen.contains("Emil Larsen") && screen.contains("gone"))

            try await tmux.send("q")
            screen = try await tmux.waitFor(text: "__EXIT__=0")
            #expect(!screen.contains("Carport ›"), "the TUI is still on screen:\n\(screen)")
        } catch {
            await tmux.kill()
            throw error
        }
        await tmux.kill()
    }
}
