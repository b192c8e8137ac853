import CarportCallback
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// Re-authorisation against the emulator: a forced Connect session replaces the pair of the same
/// Smartcar user's connection; another user's grant is kept as a new connection;
/// `/oauth/reauthenticate` returns a vehicle id.
/// Serialized: many catchers, emulators and sockets at once only add scheduling noise on 2 cores.
@Suite(.serialized) struct ReauthTests {
    /// Links a first connection, then runs `body` with the harness and what was linked.
    private func withFirstLink(_ body: (SessionHarness, ConnectFlowLinker.Linked) async throws -> Void) async throws {
        try await SessionHarness.with { harness in
            _ = try await harness.follow(try await harness.connectRedirect(try await harness.session.start()))
            try await body(harness, try await harness.session.outcome().get())
        }
    }

    /// A forced Connect session whose code re-authorises `first`'s connection.
    private static func forcedReauth(_ harness: SessionHarness, of first: ConnectFlowLinker.Linked) async throws
        -> SessionHarness
    {
        let linker = harness.linker
        return try await harness.again(
            forcePrompt: true,
            complete: { grant, redirect in
                guard case .code(let code) = grant else { throw CarportError(.internal, "expected a code") }
                return try await linker.reauthorize(first.connection, code: code, redirectURI: redirect)
            })
    }

    @Test func forcedSessionReplacesThePairOfTheSameUser() async throws {
        try await withFirstLink { harness, first in
            let reauth = try await Self.forcedReauth(harness, of: first)
            let addresses = try await reauth.session.start()
            #expect(addresses.connectURL.query?.contains("approval_prompt=force") == true)
            _ = try await reauth.follow(try await reauth.connectRedirect(addresses))
            let result = try await reauth.session.outcome().get()
            #expect(result.connection.id == first.connection.id)
            let stored = try #require(try await harness.store.connection(id: first.connection.id))
            #expect(stored.pair.refreshToken != first.connection.pair.refreshToken)
            #expect(stored.reauthReason == nil)
            #expect(try await harness.store.connections().count == 1)
            #expect(try await harness.store.auditLog(since: nil, limit: nil).map(\.action) == ["reauth", "connect"])
        }
    }

    @Test func anotherSmartcarUserIsKeptAsANewConnection() async throws {
        try await withFirstLink { harness, first in
            let reauth = try await Self.forcedReauth(harness, of: first)
            let addresses = try await reauth.session.start()
            _ = try await reauth.follow(try await reauth.connectRedirect(addresses, email: "someone.else@carport.test"))
            let kept = try await reauth.session.outcome().get()
            #expect(kept.otherUserOf?.id == first.connection.id)
            #expect(kept.connection.id != first.connection.id)
            #expect(kept.connection.customer == first.connection.customer)
            #expect(kept.connection.smartcarUserId != first.connection.smartcarUserId)
            let new = try #require(try await harness.store.connection(id: kept.connection.id))
            #expect(new.pair.refreshToken == kept.connection.pair.refreshToken)
            let stored = try #require(try await harness.store.connection(id: first.connection.id))
            #expect(stored.pair.refreshToken == first.connection.pair.refreshToken)
            #expect(stored.pair.accessToken == first.connection.pair.accessToken)
            let audit = try await harness.store.auditLog(since: nil, limit: nil)
            #expect(audit.first { $0.action == "reauth" }?.outcome == "user-mismatch")
        }
    }

    @Test("a forced re-auth whose /user read fails keeps the grant as a new connection")
    func aFailedUserReadKeepsTheGrant() async throws {
        try await withFirstLink { harness, first in
            let reauth = try await Self.forcedReauth(harness, of: first)
            let addresses = try await reauth.session.start()
            let location = try await reauth.connectRedirect(addresses)
            await harness.emulator.inject(EmulatorFault.htmlBadGateway(count: nil).at(path: "/user"))
            _ = try await reauth.follow(location)
            let kept = try await reauth.session.outcome().get()
            #expect(kept.otherUserOf?.id == first.connection.id)
            #expect(kept.connection.smartcarUserId == LinkGaps.unknownUser)
            let new = try #require(try await harness.store.connection(id: kept.connection.id))
            #expect(new.pair.refreshToken == kept.connection.pair.refreshToken)
            let old = try #require(try await harness.store.connection(id: first.connection.id))
            #expect(old.pair.refreshToken == first.connection.pair.refreshToken)
        }
    }

    @Test("a re-auth whose new pair cannot replace the old one keeps it as a new connection")
    func aFailedReplacementKeepsTheGrant() async throws {
        try await withFirstLink { harness, first in
            try StoreFaults.refuseTokenWrites(database: harness.store.files.database.path, true)
            let reauth = try await Self.forcedReauth(harness, of: first)
            let addresses = try await reauth.session.start()
            _ = try await reauth.follow(try await reauth.connectRedirect(addresses))
            let kept = try await reauth.session.outcome().get()
            #expect(kept.otherUserOf?.id == first.connection.id && kept.connection.id != first.connection.id)
            let new = try #require(try await harness.store.connection(id: kept.connection.id))
            #expect(new.pair.refreshToken == kept.connection.pair.refreshToken)
        }
    }

    @Test func reauthenticateEndpointReturnsTheVehicleId() async throws {
        try await withFirstLink { harness, first in
            let vehicleId = try #require(first.vehicles.first?.id)
            let linker = harness.linker
            let reauth = try await harness.again(
                purpose: .reauthenticateVehicle(
                    connectionId: first.connection.id, customer: "ACME", vehicleId: vehicleId),
                complete: { grant, _ in
                    guard case .vehicleId(let id) = grant else {
                        throw CarportError(.internal, "expected a vehicle id")
                    }
                    return try await linker.confirmReauthentication(
                        first.connection, vehicleId: id, expected: vehicleId)
                })
            let addresses = try await reauth.session.start()
            #expect(addresses.connectURL.path == "/oauth/reauthenticate")
            _ = try await reauth.follow(try await reauth.connectRedirect(addresses))
            let result = try await reauth.session.outcome().get()
            #expect(result.connection.id == first.connection.id)
            let audit = try await harness.store.auditLog(since: nil, limit: 1)
            #expect(audit.first?.action == "reauth" && audit.first?.vehicleId == vehicleId)
        }
    }
}
