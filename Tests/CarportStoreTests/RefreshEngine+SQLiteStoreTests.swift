import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit
import Testing

@testable import CarportStore

/// The refresh flow over a real SQLite store and the live client on a stubbed token endpoint.
@Suite struct RefreshEngineTests {
    /// Two hours after the fixture pairs were issued: every access token has expired.
    static let later = Fixture.epoch.addingTimeInterval(7200)

    struct Rig {
        let home: TempHome
        let store: SQLiteConnectionStore
        let engine: RefreshEngine

        init(_ service: TokenServiceStub, ids: [String] = ["c1"], at now: Date = RefreshEngineTests.later) async throws
        {
            home = try TempHome()
            store = try Fixture.open(home, at: now)
            for id in ids {
                _ = try await store.insert(Fixture.connection(id), vehicles: [], audit: Fixture.audit("connect"))
            }
            let clock = ManualClock(now)
            engine = RefreshEngine(
                store: store, api: try LiveSmartcarClient.stubbed(service, clock: clock), clock: clock)
        }

        func row(_ id: String = "c1") async throws -> Connection { try #require(try await store.connection(id: id)) }
    }

    @Test func dueConnectionGetsANewPairCommitted() async throws {
        let service = TokenServiceStub.rotating()
        let rig = try await Rig(service)
        defer { rig.home.remove() }
        let result = await rig.engine.refresh(connectionId: "c1", selection: .due)
        #expect(result == RefreshResult(connectionId: "c1", outcome: .refreshed))
        let row = try await rig.row()
        #expect(row.pair.refreshToken.reveal() == "next-1")
        #expect(row.lastRefresh?.outcome == .succeeded)
        #expect(row.pair.issuedAt == Self.later)
    }

    @Test func notDueIsSkippedWithoutARequest() async throws {
        let service = TokenServiceStub.rotating()
        let rig = try await Rig(service, at: Fixture.epoch.addingTimeInterval(60))
        defer { rig.home.remove() }
        #expect(await rig.engine.refresh(connectionId: "c1", selection: .due).outcome == .skipped)
        #expect(await rig.engine.refresh(connectionId: "c1", selection: .all(since: Fixture.epoch)).outcome == .skipped)
        #expect(service.requestCount == 0)
        #expect(
            await rig.engine.refresh(connectionId: "c1", selection: .all(since: Fixture.epoch.addingTimeInterval(1)))
                .outcome == .refreshed)
    }

    @Test func concurrentRefreshesOfOneConnectionSendOneRequest() async throws {
        let service = TokenServiceStub.rotating(delay: 0.02)
        let rig = try await Rig(service)
        defer { rig.home.remove() }
        let results = await rig.engine.refresh(
            Array(repeating: "c1", count: 8), selection: .all(since: Self.later),
            concurrency: 8)
        #expect(results.filter { $0.outcome == .refreshed }.count == 1)
        #expect(results.filter { $0.outcome == .skipped }.count == 7)
        #expect(service.requestCount == 1 && service.reuseCount == 0)
    }

    @Test func manyConnectionsRefreshConcurrentlyWithoutReuse() async throws {
        let service = TokenServiceStub.rotating(delay: 0.005)
        let ids = (1...40).map { "c\($0)" }
        let rig = try await Rig(service, ids: ids)
        defer { rig.home.remove() }
        let results = await rig.engine.refresh(ids + ids, selection: .due, concurrency: 8)
        #expect(results.filter { $0.outcome == .refreshed }.count == 40)
        #expect(service.requestCount == 40 && service.reuseCount == 0)
        let rows = try await rig.store.connections()
        #expect(Set(rows.map { $0.pair.refreshToken.reveal() }).count == 40)
        #expect(rows.allSatisfy { HealthPolicy.standard.health(of: $0, at: Self.later) == .healthy })
    }

    /// More connections than request slots are in their store part at once, never more requests.
    @Test func concurrencyBoundsTheRequestsInFlight() async throws {
        let service = TokenServiceStub.rotating(delay: 0.02)
        let ids = (1...40).map { "c\($0)" }
        let rig = try await Rig(service, ids: ids)
        defer { rig.home.remove() }
        let results = await rig.engine.refresh(ids, selection: .due, concurrency: 3)
        #expect(results.filter { $0.outcome == .refreshed }.count == 40)
        #expect(service.maxInFlight == 3)
    }

    /// The in-flight mark goes with the request, inside its slot: a connection still waiting for
    /// the slot has sent nothing, and a crash then must not report it as possibly spent.
    @Test func aConnectionWaitingForARequestSlotIsNotMarked() async throws {
        let release = LockBox(false)
        let service = TokenServiceStub { _, call in
            try await poll(until: "the test releases the request", timeout: .seconds(60)) { release.value }
            return (200, TokenServiceStub.pairJSON(call))
        }
        let rig = try await Rig(service, ids: ["c1", "c2"])
        defer { rig.home.remove() }
        let run = Task { await rig.engine.refresh(["c1", "c2"], selection: .due, concurrency: 1) }
        try await poll(until: "one request is out") { service.requestCount == 1 }
        let marks = [try await rig.row("c1").lastRefresh?.outcome, try await rig.row("c2").lastRefresh?.outcome]
        #expect(marks.filter { $0 == .inFlight }.count == 1 && marks.contains(nil), "\(marks)")
        release.value = true
        #expect(await run.value.allSatisfy { $0.outcome == .refreshed })
    }

    @Test func revokedPairMarksNeedsReauthAndKeepsTheRow() async throws {
        let service = TokenServiceStub { _, _ in
            (400, #"{"error":"invalid_grant","error_description":"Invalid refresh_token: refresh-c1."}"#)
        }
        let rig = try await Rig(service)
        defer { rig.home.remove() }
        let result = await rig.engine.refresh(connectionId: "c1", selection: .due)
        #expect(result.outcome == .needsReauth)
        #expect(result.message?.contains("refresh-c1") == false)
        let row = try await rig.row()
        #expect(row.reauthReason?.contains("must reconnect") == true)
        #expect(row.lastRefresh?.outcome == .revoked)
        #expect(row.tokens == Fixture.pair("c1"))
        #expect(HealthPolicy.standard.health(of: row, at: Self.later) == .needsReauth)
        #expect(
            await rig.engine.refresh(connectionId: "c1", selection: .all(since: Self.later)).outcome == .needsReauth)
        #expect(service.requestCount == 1)
    }

    @Test func revokedAfterASiblingStoredANewPairAdoptsIt() async throws {
        let box = LockBox<SQLiteConnectionStore?>(nil) // the stub reaches the store built after it
        let service = TokenServiceStub { _, _ in
            try await box.value?.replaceTokens(
                connectionId: "c1", tokens: Fixture.pair("sibling"), audit: Fixture.audit("reauth"))
            return (400, #"{"error":"invalid_grant","error_description":"Invalid refresh_token."}"#)
        }
        let rig = try await Rig(service)
        defer { rig.home.remove() }
        box.value = rig.store
        #expect(await rig.engine.refresh(connectionId: "c1", selection: .due).outcome == .adopted)
        let row = try await rig.row()
        #expect(row.tokens == Fixture.pair("sibling") && row.reauthReason == nil)
    }

    /// A request that never left (`notSent`) and a 4xx prove no rotation happened (a 5xx does not:
    /// `RefreshEngine+ServerErrorTests`).
    @Test(arguments: [false, true]) func transientFailureKeepsTheOldPairAndRecordsTheError(notSent: Bool) async throws {
        let service = TokenServiceStub { _, _ in
            if notSent { throw TransportFailure(.notSent, "connection refused") }
            return (400, #"{"error":"unauthorized_client","error_description":"Application not authorized."}"#)
        }
        let rig = try await Rig(service)
        defer { rig.home.remove() }
        let result = await rig.engine.refresh(connectionId: "c1", selection: .due)
        #expect(result.outcome == .failed)
        #expect(service.requestCount == 1)
        let row = try await rig.row()
        #expect(row.tokens == Fixture.pair("c1") && row.reauthReason == nil)
        #expect(row.lastRefresh?.outcome == .transientFailure)
        #expect(HealthPolicy.standard.health(of: row, at: Self.later) == .failing)
    }

    @Test func lostAnswerIsRecordedAndRetriedNext() async throws {
        let service = TokenServiceStub { _, call in
            if call == 1 { throw TransportFailure(.answerLost, "connection reset after sending") }
            return (200, TokenServiceStub.pairJSON(call))
        }
        let rig = try await Rig(service)
        defer { rig.home.remove() }
        let lost = await rig.engine.refresh(connectionId: "c1", selection: .due)
        #expect(lost.outcome == .answerLost)
        #expect(lost.message?.contains("may be spent") == true)
        let row = try await rig.row()
        #expect(row.lastRefresh?.outcome == .answerLost && row.tokens == Fixture.pair("c1"))
        #expect(HealthPolicy.standard.refreshIsDue(row, at: Fixture.epoch.addingTimeInterval(60)))
        #expect(await rig.engine.refresh(connectionId: "c1", selection: .due).outcome == .refreshed)
    }

    @Test func anInterruptedRefreshIsFoundAndReported() async throws {
        let service = TokenServiceStub { _, _ in
            (400, #"{"error":"invalid_grant","error_description":"Invalid refresh_token."}"#)
        }
        let rig = try await Rig(service)
        defer { rig.home.remove() }
        let started = Self.later.addingTimeInterval(-30)
        try await rig.store.recordRefresh(
            connectionId: "c1", tokens: nil,
            record: RefreshRecord(attemptedAt: started, outcome: .inFlight), reauthReason: nil)
        #expect(HealthPolicy.standard.health(of: try await rig.row(), at: Self.later) == .failing)
        let result = await rig.engine.refresh(connectionId: "c1", selection: .due)
        #expect(result.interruptedAt == started)
        #expect(result.outcome == .needsReauth)
        #expect(try await rig.row().reauthReason?.contains("earlier refresh may have spent") == true)
    }
}
