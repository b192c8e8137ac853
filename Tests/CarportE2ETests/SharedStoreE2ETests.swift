import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// Two operators on one store: what one changes shows in the other's full-screen UI within a few
/// seconds, through the store's change feed (a changed row in place, a removed vehicle by reload).
struct SharedStoreE2ETests {
    @Test func anotherOperatorsChangesShowInTheUI() async throws {
        try await SeededWorld.with(customers: ["Ada Lovelace", "Grace Hopper"]) { world in
            let tmux = try await TmuxSession(
                command: "\(TmuxSession.quote(CarportBinary.path)) --read-only", width: 100, height: 30,
                environment: world.environment)
            try await withCleanup {
                try await tmux.waitFor(text: "Grace Hopper")
                let other = try buildCarport(environment: world.environment)
                let grace = try #require(world.connections.first { $0.customer == "Grace Hopper" })
                #expect(
                    try await other.store.markNeedsReauth(
                        connectionId: grace.id, reason: "Marked by another operator.", issuedBefore: .distantFuture,
                        audit: other.audit("test")))
                try await tmux.waitFor("Grace's row turning re-auth", timeout: 10) { screen in
                    screen.split(separator: "\n").contains { $0.hasPrefix("Grace Hopper") && $0.contains("● re-auth") }
                }
                let ada = try #require(world.vehicles.first { $0.connectionId != grace.id })
                let removed = try await world.run(["disconnect", ada.id, "--yes"])
                #expect(removed.status == 0, "\(removed.stderr)")
                try await tmux.waitFor("Ada's vehicle gone", timeout: 10) { !$0.contains("Ada Lovelace") }
            } cleanup: {
                await tmux.kill()
            }
        }
    }
}
