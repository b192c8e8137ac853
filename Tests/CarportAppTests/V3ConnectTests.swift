import CarportApp
import CarportCallback
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Connect for a v3 app against the emulator over loopback, in a store that already holds a
/// classic connection: the redirect carries `user_id` (no code), and the connection is stored with
/// its user, mode, vehicles and permissions and no token pair, through the catcher and by paste.
struct V3ConnectTests {
    @Test func throughTheCatcherBesideAClassicConnection() async throws {
        try await Self.withV3World { world, carport in
            let session = try Self.session(carport, customer: "Vera V3")
            let addresses = try await session.start()
            #expect(addresses.connectURL.query?.contains("client_id=\(EmulatorConfig.demoApplicationId)") == true)
            let (page, _) = try await URLSession.shared.data(
                from: URL(string: addresses.connectURL.absoluteString + "&emulator_auto=approve")!)
            #expect(String(decoding: page, as: UTF8.self).contains("You can close this page"))
            let linked = try await session.outcome().get()
            try await Self.expectStoredV3(linked, carport: carport, world: world)
        }
    }

    @Test func byPastingTheRedirect() async throws {
        try await Self.withV3World { world, carport in
            let session = try Self.session(carport, customer: "Vera V3")
            let addresses = try await session.start()
            let redirect = try await NoRedirects.location(
                of: URL(string: addresses.connectURL.absoluteString + "&emulator_auto=approve")!)
            #expect(redirect.query?.contains("user_id=") == true && redirect.query?.contains("code=") == false)
            guard case .accepted = await session.paste(redirect.absoluteString) else {
                Issue.record("the pasted redirect was refused")
                return
            }
            let linked = try await session.outcome().get()
            try await Self.expectStoredV3(linked, carport: carport, world: world)
        }
    }

    /// Smartcar's list fails after Connect: the connection is kept with its user (the customer is
    /// not asked again) and the vehicle list as a gap, which a later `refresh` of it reads.
    @Test func aListThatFailsLeavesAGapThatRefreshReads() async throws {
        try await Self.withV3World { world, carport in
            let seeded = await world.emulator.seedV3Connection(vehicleCount: 2)
            var failing = EmulatorFault.apiError(type: "SERVER", code: "INTERNAL", count: nil)
            failing.path = "/v3/connections"
            await world.emulator.inject(failing)
            let linked = try await carport.v3Linker().link(
                userId: seeded.userId, .init(customer: "Vera V3", mode: .simulated, redirectURI: nil))
            #expect(linked.gaps == LinkGaps(vehicleList: true) && linked.vehicles.isEmpty)
            #expect(try await carport.store.connection(id: linked.connection.id)?.smartcarUserId == seeded.userId)
            #expect(try await carport.unreadPlaceholders().map(\.connectionId) == [linked.connection.id])

            await world.emulator.clearFaults()
            let run = try await carport.refresh(.connection(linked.connection.id), concurrency: 1)
            #expect(run.results.map(\.result) == [.noPair(linked.connection.id)], "a v3 connection is not refreshed")
            #expect(run.missing.isEmpty)
            let vehicles = try await carport.store.vehicles(connectionId: linked.connection.id)
            #expect(Set(vehicles.map(\.id)) == Set(seeded.vehicleIds) && vehicles.allSatisfy { !$0.make.isEmpty })
        }
    }

    /// A live read says whether Smartcar still has the connection: an empty list marks it gone;
    /// listed again, a read brings it back (audited).
    @Test func liveReadsSayWhetherSmartcarStillHasTheConnection() async throws {
        try await Self.withV3World { world, carport in
            let (seeded, linked) = try await world.linkV3(carport.v3Linker(), customer: "Vera V3")
            let (vehicle, id) = (try #require(linked.vehicles.first), linked.connection.id)
            #expect(await world.emulator.disconnectV3User(seeded.userId))
            _ = try await carport.liveData(
                vehicle, of: try #require(try await carport.store.connection(id: id)), refreshing: true)
            let gone = try #require(try await carport.store.connection(id: id))
            #expect(gone.reauthReason?.contains("no longer lists") == true)

            // Reconcile finds it listed again (a partial list had marked it): not an orphan, confirmed.
            let (back, relinked) = try await world.linkV3(carport.v3Linker(), customer: "Wim")
            _ = try await carport.store.markNeedsReauth(
                connectionId: relinked.connection.id, reason: "a partial list", issuedBefore: Date.distantFuture,
                audit: carport.audit("reconcile"))
            let report = try await carport.reconcile(
                using: try carport.managementAPIs([.v3])[0].1, kind: .v3)
            #expect(!report.orphans.contains { $0.userId == back.userId })
            #expect(try await carport.store.connection(id: relinked.connection.id)?.reauthReason == nil)
            let entries = try await carport.store.auditLog(since: nil, limit: 5)
            #expect(entries.contains { $0.outcome == "listed-again" && $0.connectionId == relinked.connection.id })
        }
    }

    /// The UI's `r` on a v3 connection says there is no pair to refresh, with a classic client
    /// configured (the engine answers) and without one (the store's row answers).
    @Test func theUIsRefreshOfAV3ConnectionSaysItHasNoPair() async throws {
        try await Self.withV3World { world, carport in
            let (_, linked) = try await world.linkV3(carport.v3Linker(), customer: "Vera V3")
            var v3Only = world.v3Environment
            v3Only["SMARTCAR_CLIENT_ID"] = ""
            v3Only["SMARTCAR_CLIENT_SECRET"] = ""
            for environment in [world.v3Environment, v3Only] {
                let ports = try await buildCarport(environment: environment).tuiPorts(readOnly: false)
                let news = try await ports.refresh(linked.connection.id)
                #expect(news.message.contains("no token pair") && news.connection?.kind == .v3, "\(news.message)")
            }
        }
    }

    /// What a v3 link must leave: a v3 row with the user and its vehicles, no pair, no exchange,
    /// the classic row untouched, and no secret in clear in the store.
    static func expectStoredV3(_ linked: ConnectFlowLinker.Linked, carport: Carport, world: SeededWorld) async throws {
        #expect(linked.connection.kind == .v3)
        #expect(linked.gaps.isEmpty)
        #expect(!linked.vehicles.isEmpty)
        let stored = try #require(try await carport.store.connection(id: linked.connection.id))
        #expect(stored.tokens == nil)
        #expect(stored.smartcarUserId == linked.connection.smartcarUserId && stored.mode == .test)
        #expect(!stored.scopes.isEmpty)
        #expect(try await carport.store.vehicles(connectionId: stored.id).count == linked.vehicles.count)
        let kinds = try await carport.store.connectionSummaries().map(\.kind)
        #expect(kinds.sorted { $0.rawValue < $1.rawValue } == [.classic, .v3])
        #expect(await world.emulator.counters().exchanges == 0)
        let appToken = try await carport.appTokens().token()
        #expect(
            try world.filesHolding([appToken.reveal(), EmulatorConfig.demoAPIClientSecret] + world.secrets()).isEmpty)
    }

    static func session(_ carport: Carport, customer: String) throws -> ConnectSession {
        let kind = carport.connectKind()
        #expect(kind == .v3)
        return try carport.connectSession(
            customer: customer, request: ConnectRequest(clientId: try carport.connectClientId(kind), mode: .test),
            kind: kind)
    }

    static func withV3World(_ body: (SeededWorld, Carport) async throws -> Void) async throws {
        let redirect = "http://localhost:\(try FreePort.next())/callback"
        try await SeededWorld.with(customers: ["Ada"], redirectURI: redirect) { world in
            try await body(world, try await buildCarport(environment: world.v3Environment))
        }
    }
}
