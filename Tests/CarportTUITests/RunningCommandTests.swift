import CarportCore
import CarportTUI
import CarportTestSupport
import Foundation
import Testing

/// A lock that waits for Smartcar: the status line counts the wait, `s` stops it, and the effect
/// runner cancels the command's task (docs/SMARTCAR.md §5.7).
@Suite struct RunningCommandTests {
    @Test func theStatusLineCountsTheWaitAndSStopsIt() {
        var state = Fixtures.state()
        _ = press(&state, .enter, .char("l"))
        #expect(press(&state, .char("y")) == [.security(.lock, vehicleId: "v-gus")])
        _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(42)))
        let screen = render(state, Size(width: 80, height: 24)).snapshot
        #expect(screen.contains("Locking ") && screen.contains("… 42s · s stop waiting"), "\(screen)")
        _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(125)))
        #expect(render(state, Size(width: 80, height: 24)).snapshot.contains("… 2m05s · s stop waiting"))
        #expect(press(&state, .char("l")).isEmpty)
        #expect(render(state, Size(width: 120, height: 40)).snapshot.contains("is still waiting for Smartcar; s stops"))
        _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(125 + StatusLine.lifetime + 1)))
        #expect(render(state, Size(width: 80, height: 24)).snapshot.contains("s stop waiting"), "the count is back")
        #expect(press(&state, .char("s")) == [.stopWaiting])
        let stopped = CarportError(.answerLost, "Stopped waiting for the lock command after 2m05s.")
        _ = reduce(&state, .securityDone(vehicleId: "v-gus", .lock, .failure(stopped)))
        #expect(state.running == nil)
        #expect(state.status?.text.contains("Stopped waiting") == true)
        #expect(press(&state, .char("s")).isEmpty)
        #expect(state.status?.text == "No lock or unlock is waiting for Smartcar.")
    }

    /// A v3 command Smartcar accepted (202) says so while it is followed, with the key to stop in
    /// view at 80 columns; a late word for another vehicle changes nothing.
    @Test func aCommandSmartcarAcceptedSaysItIsStillRunning() {
        var state = Fixtures.state()
        _ = press(&state, .enter, .char("l"), .char("y"))
        _ = reduce(&state, .commandAccepted(vehicleId: "v-other"))
        #expect(state.running?.accepted == false)
        _ = reduce(&state, .commandAccepted(vehicleId: "v-gus"))
        _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(7)))
        let screen = render(state, Size(width: 80, height: 24)).snapshot
        #expect(screen.contains(": accepted, still running… 7s · s stop"), "\(screen)")
    }

    @Test func quittingMidWaitStopsTheWaitFirstSoTheCommandIsRecorded() {
        var state = Fixtures.state()
        _ = press(&state, .enter, .char("l"), .char("y"))
        #expect(press(&state, .char("q")) == [.stopWaiting])
        let stopped = CarportError(.answerLost, "Stopped waiting for the lock command after 3s.")
        #expect(reduce(&state, .securityDone(vehicleId: "v-gus", .lock, .failure(stopped))) == [.quit])

        var impatient = Fixtures.state()
        _ = press(&impatient, .enter, .char("l"), .char("y"), .char("q"))
        #expect(press(&impatient, .char("q")) == [.quit])
    }

    @Test func stopWaitingCancelsTheRunningCommand() async throws {
        let started = LockBox(false)
        var ports = EffectRunnerTests.ports()
        ports.security = { _, _, _ in
            started.withLock { $0 = true }
            try await Task.sleep(for: .seconds(60))
            throw CarportError(.internal, "the command was not cancelled")
        }
        let outbox = LockBox<[Action]>([])
        let runner = EffectRunner(ports: ports) { action in outbox.withLock { $0.append(action) } }
        let running = Task { await runner.perform(.security(.lock, vehicleId: "v-gus")) }
        try await poll(until: "the command started") { started.value }
        await runner.perform(.stopWaiting)
        await running.value
        guard case .securityDone(_, .lock, .failure(let error))? = outbox.value.first else {
            Issue.record("no result: \(outbox.value)")
            return
        }
        #expect(error == CarportError(.stopped, "Stopped before the command was sent; nothing was changed."))
    }

    @Test func aStopThatOvertakesItsCommandStillStopsIt() async {
        var ports = EffectRunnerTests.ports()
        ports.security = { _, _, _ in
            try await Task.sleep(for: .seconds(60))
            return "the command was not cancelled"
        }
        let outbox = LockBox<[Action]>([])
        let runner = EffectRunner(ports: ports) { action in outbox.withLock { $0.append(action) } }
        await runner.perform(.stopWaiting)
        await runner.perform(.security(.lock, vehicleId: "v-gus"))
        let stopped = CarportError(.stopped, "Stopped before the command was sent; nothing was changed.")
        #expect(outbox.value == [.securityDone(vehicleId: "v-gus", .lock, .failure(stopped))])
    }
}
