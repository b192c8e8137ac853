import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit
import Testing

@testable import CarportStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A re-auth and a refresh of one connection at once must not undo each other (docs/SMARTCAR.md
/// §4.5): both take the refresh lock, and every pair is written over the pair it replaces only.
@Suite struct ReauthDuringRefreshTests {
    static let later = Fixture.epoch.addingTimeInterval(7200)
    static let reauthPair =
        #"{"access_token":"access-reauth","token_type":"Bearer","expires_in":7200,"refresh_token":"refresh-reauth"}"#

    /// The refresh grant goes to `onRefresh`; the code grant gets the re-auth pair; `/user` says `user-c1`.
    final class Service: HTTPTransport, Sendable {
        let onRefresh: @Sendable () async throws -> (Int, String)

        init(onRefresh: @escaping @Sendable () async throws -> (Int, String)) { self.onRefresh = onRefresh }

        func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
            let form = FormEncoding.decode(String(decoding: request.httpBody ?? Data(), as: UTF8.self))
            let answer: (Int, String)
            if form.contains(where: { $0 == ("grant_type", "refresh_token") }) {
                answer = try await onRefresh()
            } else if form.contains(where: { $0 == ("grant_type", "authorization_code") }) {
                answer = (200, ReauthDuringRefreshTests.reauthPair)
            } else if request.url?.path.hasSuffix("/user") == true {
                answer = (200, #"{"id":"user-c1"}"#)
            } else {
                throw CarportTestError("unexpected request \(request.url?.path ?? "")")
            }
            let response = HTTPURLResponse(
                url: request.url!, statusCode: answer.0, httpVersion: "HTTP/1.1",
                headerFields: ["Content-Type": "application/json"])!
            return (Data(answer.1.utf8), response)
        }
    }

    @Test("a re-auth during a refresh waits for the refresh lock, and its pair is the one kept")
    func reauthDuringARefreshIsNotOverwritten() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let refresher = try Fixture.open(home, at: Self.later)
        // A second opening of the same files: its refresh lock conflicts as another process's does.
        let other = try Fixture.open(home, at: Self.later)
        _ = try await refresher.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        let clock = ManualClock(Self.later)
        let linker = ConnectFlowLinker(
            api: try LiveSmartcarClient.stubbed(Service { throw CarportTestError("no refresh here") }, clock: clock),
            store: other, clock: clock, random: SystemRandom(), osUser: "tester")
        let reauthDone = LockBox(false)
        let reauth = LockBox<Task<Void, Error>?>(nil)
        let service = Service {
            let connection = try #require(try await other.connection(id: "c1"))
            reauth.value = Task {
                _ = try await linker.reauthorize(connection, code: "code-1", redirectURI: nil)
                reauthDone.value = true
            }
            try await poll(until: "the re-auth stored its pair or waits for the refresh lock") {
                reauthDone.value || other.refreshLocks.waitingForOtherProcesses > 0
            }
            return (200, TokenServiceStub.pairJSON(1))
        }
        let engine = RefreshEngine(
            store: refresher, api: try LiveSmartcarClient.stubbed(service, clock: clock), clock: clock)
        let result = await engine.refresh(connectionId: "c1", selection: .due)
        try await reauth.value?.value
        #expect(result.outcome == .refreshed)
        let row = try #require(try await refresher.connection(id: "c1"))
        #expect(row.pair.refreshToken.reveal() == "refresh-reauth")
        #expect(row.reauthReason == nil)
    }

    @Test("a pair stored since the refresh read the row is neither overwritten nor marked for re-auth")
    func writesOverAnotherPairChangeNothing() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home, at: Self.later)
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        let old = Fixture.pair("c1").refreshToken
        try await store.replaceTokens(
            connectionId: "c1", tokens: Fixture.pair("reauth"), audit: Fixture.audit("reauth"))
        let revoked = RefreshRecord(attemptedAt: Self.later, outcome: .revoked, message: "rejected")
        #expect(
            try await store.recordRefresh(
                connectionId: "c1", replacing: old, tokens: nil, record: revoked, reauthReason: "dead") == .superseded)
        let succeeded = RefreshRecord(attemptedAt: Self.later, outcome: .succeeded)
        #expect(
            try await store.recordRefresh(
                connectionId: "c1", replacing: old, tokens: Fixture.pair("older"), record: succeeded, reauthReason: nil)
                == .superseded)
        #expect(
            try await store.replaceTokens(
                connectionId: "c1", replacing: old, tokens: Fixture.pair("older"), audit: Fixture.audit("reauth"))
                == .superseded)
        let row = try #require(try await store.connection(id: "c1"))
        #expect(row.tokens == Fixture.pair("reauth") && row.reauthReason == nil && row.lastRefresh == nil)
        #expect(
            try await store.recordRefresh(
                connectionId: "c1", replacing: Fixture.pair("reauth").refreshToken, tokens: Fixture.pair("next"),
                record: succeeded, reauthReason: nil) == .written)
        #expect(try await store.connection(id: "c1")?.tokens == Fixture.pair("next"))
    }
}
