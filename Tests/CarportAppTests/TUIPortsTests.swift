import CarportApp
import CarportCore
import CarportTUI
import CarportTestSupport
import Foundation
import GRDB
import Testing

/// The full-screen UI's live ports, in process, against the real emulator and a real store.
@Suite struct TUIPortsTests {
    /// A pair issued nearly two hours ago: its access token expires in 200 s, so it is due.
    static let due: @Sendable (inout Connection) -> Void = { connection in
        let now = Date()
        connection.tokens.issuedAt = now.addingTimeInterval(-7000)
        connection.tokens.accessExpiresAt = now.addingTimeInterval(200)
    }

    @Test("a background round refreshes what is due and hands back each row as stored")
    func refreshDueRenewsTheDueConnection() async throws {
        try await SeededWorld.with(customers: ["Ada", "Ben"], adjust: { if $0.id == "c1" { Self.due(&$0) } }) { world in
            let carport = try buildCarport(environment: world.environment)
            let results = await carport.tuiPorts(readOnly: false).refreshDue()
            #expect(Array(results.keys) == ["c1"]) // Ben's pair is not due
            let news = try results["c1"]!.get()
            #expect(news.message == "Refreshed Ada." && news.role == .healthy && news.error == nil)
            let after = try #require(news.connection)
            #expect(after.state.accessExpiresAt > Date().addingTimeInterval(7000))
            #expect(after.state.lastRefresh?.outcome == .succeeded)
        }
    }

    @Test("a refresh of a revoked pair says re-authentication is needed, never 'Refreshed'")
    func refreshOfARevokedPairNeedsReauth() async throws {
        try await SeededWorld.with(customers: ["Gus"]) { world in
            await world.emulator.revokeFamily(ofToken: world.connections[0].tokens.refreshToken)
            let carport = try buildCarport(environment: world.environment)
            let news = try await carport.tuiPorts(readOnly: false).refresh("c1")
            #expect(news.role == .reauth)
            #expect(news.error?.kind == .authorizationRevoked)
            #expect(news.message.hasPrefix("Gus needs re-authentication:"), "\(news.message)")
            #expect(news.message.contains("carport reauth c1"))
            #expect(!news.message.contains("Refreshed"))
            #expect(news.connection?.state.reauthReason != nil)
        }
    }

    @Test("a new pair that cannot be stored is reported as a lost answer, and the old row stays")
    func failedStoreWriteIsALostAnswer() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let database = world.home.appendingPathComponent("data/carport.sqlite").path
            let queue = try DatabaseQueue(path: database)
            try await queue.write { db in
                try db.execute(
                    sql: """
                        CREATE TRIGGER refuse_tokens BEFORE UPDATE OF refresh_token ON connections
                        BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END
                        """)
            }
            try queue.close()
            let carport = try buildCarport(environment: world.environment)
            let news = try await carport.tuiPorts(readOnly: false).refresh("c1")
            #expect(news.role == .error)
            #expect(news.error?.kind == .answerLost)
            #expect(news.message.contains("could not be stored") && news.message.contains("carport refresh c1"))
            let stored = try #require(try await carport.store.connection(id: "c1"))
            #expect(stored.tokens.refreshToken == world.connections[0].tokens.refreshToken)
        }
    }
}
