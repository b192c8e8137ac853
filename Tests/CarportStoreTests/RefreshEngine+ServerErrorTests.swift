import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

@testable import CarportStore

/// A 5xx from the token service after the request was sent may hide a rotation (docs/SMARTCAR.md
/// §4.5): the engine sends the grant once more at once, and a second failure is an answer that
/// may be lost (exit 5), never "the old pair is kept". Against the emulator over loopback.
@Suite struct RefreshEngineServerErrorTests {
    static func engine(_ rig: EmulatorRig, _ store: any StoreBackend) throws -> RefreshEngine {
        RefreshEngine(store: store, api: try rig.client(), clock: SystemClock())
    }

    @Test("one 5xx: the grant is sent again at once and the new pair is stored")
    func oneServerErrorIsRetriedAtOnce() async throws {
        try await EmulatorRig.with(refreshGrace: 60) { rig in
            let id = try await rig.seedStore(count: 1)[0]
            let store = try await rig.openStore()
            await rig.emulator.inject(.tokenError(count: 1))
            let result = try await Self.engine(rig, store).refresh(connectionId: id, selection: .all(since: Date()))
            #expect(result.outcome == .refreshed, "\(result.message ?? "")")
            let counters = await rig.emulator.counters()
            #expect(counters.faultsFired == 1 && counters.refreshes == 1)
            let again = try await Self.engine(rig, store).refresh(connectionId: id, selection: .all(since: Date()))
            #expect(again.outcome == .refreshed)
        }
    }

    @Test(
        "two 5xx in a row: recorded and reported as an answer that may be lost, exit 5",
        arguments: [EmulatorFault.tokenError(count: 2), .htmlBadGateway(service: .token, count: 2)])
    func twoServerErrorsAreALostAnswer(fault: EmulatorFault) async throws {
        try await EmulatorRig.with(refreshGrace: 60) { rig in
            let id = try await rig.seedStore(count: 1)[0]
            let store = try await rig.openStore()
            let before = try #require(try await store.connection(id: id))
            await rig.emulator.inject(fault)
            let result = try await Self.engine(rig, store).refresh(connectionId: id, selection: .all(since: Date()))
            #expect(result.outcome == .answerLost, "\(result.message ?? "")")
            #expect(result.message?.contains("may be spent") == true, "\(result.message ?? "")")
            let verdict = RefreshVerdict(result, customer: "ACME")
            #expect(verdict.exitCode == 5 && verdict.error?.kind == .answerLost)
            #expect(!verdict.message.contains("old pair is kept"))
            let row = try #require(try await store.connection(id: id))
            #expect(row.lastRefresh?.outcome == .answerLost && row.tokens == before.tokens)
            #expect(await rig.emulator.counters().faultsFired == 2)
            // Retried at once, as the message says: inside the grace window the old token works.
            let again = try await Self.engine(rig, store).refresh(connectionId: id, selection: .due)
            #expect(again.outcome == .refreshed, "\(again.message ?? "")")
        }
    }
}
