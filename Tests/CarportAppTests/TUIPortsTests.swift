import CarportApp
import CarportCore
import CarportTUI
import CarportTestSupport
import Foundation
import Testing

/// The full-screen UI's live ports, in process, against the real emulator and a real store.
@Suite struct TUIPortsTests {
    /// A pair issued nearly two hours ago: its access token expires in 200 s, so it is due.
    static let due: @Sendable (inout Connection) -> Void = { connection in
        let now = Date()
        connection.pair.issuedAt = now.addingTimeInterval(-7000)
        connection.pair.accessExpiresAt = now.addingTimeInterval(200)
    }

    @Test("a background round refreshes what is due and hands back each row as stored")
    func refreshDueRenewsTheDueConnection() async throws {
        try await SeededWorld.with(customers: ["Ada", "Ben"], adjust: { if $0.id == "c1" { Self.due(&$0) } }) { world in
            let carport = try await buildCarport(environment: world.environment)
            let results = await carport.tuiPorts(readOnly: false).refreshDue()
            #expect(Array(results.keys) == ["c1"]) // Ben's pair is not due
            let news = try results["c1"]!.get()
            #expect(news.message == "Refreshed Ada." && news.role == .healthy && news.error == nil)
            let after = try #require(news.connection)
            #expect(after.state.pair.accessExpiresAt > Date().addingTimeInterval(7000))
            #expect(after.state.pair.lastRefresh?.outcome == .succeeded)
        }
    }

    @Test("a refresh of a revoked pair says re-authentication is needed, never 'Refreshed'")
    func refreshOfARevokedPairNeedsReauth() async throws {
        try await SeededWorld.with(customers: ["Gus"]) { world in
            await world.emulator.revokeFamily(ofToken: world.connections[0].pair.refreshToken)
            let carport = try await buildCarport(environment: world.environment)
            let news = try await carport.tuiPorts(readOnly: false).refresh("c1")
            #expect(news.role == .reauth)
            #expect(news.error?.kind == .authorizationRevoked)
            #expect(news.message.hasPrefix("Gus needs re-authentication:"), "\(news.message)")
            #expect(news.message.contains("carport reauth c1"))
            #expect(!news.message.contains("Refreshed"))
            #expect(news.connection?.state.reauthReason != nil)
        }
    }

    @Test("a new pair the store refuses is saved sealed, and the next opening of the store adopts it")
    func failedStoreWriteSavesThePairForTheNextRun() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let database = world.home.appendingPathComponent("data/carport.sqlite").path
            try StoreFaults.refuseTokenWrites(database: database, true)
            let carport = try await buildCarport(environment: world.environment)
            let news = try await carport.tuiPorts(readOnly: false).refresh("c1")
            #expect(news.role == .error)
            #expect(news.error?.kind == .answerLost)
            let recovery = world.home.appendingPathComponent("data/recovery")
            #expect(news.message.contains("could not be stored"), "\(news.message)")
            #expect(news.message.contains("the new pair was saved to \(recovery.path)/"), "\(news.message)")
            #expect(news.message.contains("the next carport command stores it"), "\(news.message)")
            let stored = try #require(try await carport.store.connection(id: "c1"))
            #expect(stored.pair.refreshToken == world.connections[0].pair.refreshToken)
            let saved = try FileManager.default.contentsOfDirectory(atPath: recovery.path)
            #expect(saved.count == 1)
            let bytes = String(decoding: try Data(contentsOf: recovery.appendingPathComponent(saved[0])), as: UTF8.self)
            #expect(world.secrets().allSatisfy { !bytes.contains($0) })

            try StoreFaults.refuseTokenWrites(database: database, false)
            let next = try await buildCarport(environment: world.environment)
            #expect(try FileManager.default.contentsOfDirectory(atPath: recovery.path).isEmpty)
            let adopted = try #require(try await next.store.connection(id: "c1"))
            #expect(adopted.pair.refreshToken != world.connections[0].pair.refreshToken)
            #expect(adopted.lastRefresh?.outcome == .succeeded)
            let again = try await next.tuiPorts(readOnly: false).refresh("c1")
            #expect(again.message == "Refreshed Ada.", "\(again.message)")
        }
    }
}
