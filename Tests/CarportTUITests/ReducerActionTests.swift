import CarportCore
import CarportTUI
import CarportTestSupport
import Foundation
import Testing

/// The detail, the dialogs, Connect and the demo keys, and results coming back from effects.
@Suite struct ReducerActionTests {
    @Test func lockAsksFirst() {
        var state = Fixtures.state()
        _ = press(&state, .enter)
        #expect(press(&state, .char("l")).isEmpty)
        guard case .confirm(let question)? = state.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(question.action == .lock && question.question.contains("…099999"))
        #expect(press(&state, .char("y")) == [.security(.lock, vehicleId: "v-gus")])
        _ = reduce(&state, .securityDone(vehicleId: "v-gus", .lock, .success("Successfully sent request")))
        #expect(state.status?.text.hasPrefix("Locked") == true)
    }

    @Test func unlockCancelledByAnyOtherKey() {
        var state = Fixtures.state()
        _ = press(&state, .enter, .char("u"))
        #expect(press(&state, .char("n")).isEmpty)
        #expect(state.overlay == nil)
        _ = reduce(&state, .securityDone(vehicleId: "v-gus", .unlock, .failure(Fixtures.serverError)))
        #expect(state.errors["v-gus"] == [Fixtures.serverError])
    }

    @Test func disconnectNeedsTheEndOfTheVin() {
        var state = Fixtures.state()
        _ = press(&state, .char("x"))
        guard case .typedConfirm(let confirmation)? = state.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(confirmation.expected == "099999")
        #expect(press(&state, .char("0"), .char("9"), .enter).isEmpty) // too short
        #expect(state.status?.role == .error)
        #expect(press(&state, .char("9"), .char("9"), .char("9"), .char("9"), .char("9")) == [])
        if case .typedConfirm(let c)? = state.overlay { #expect(c.typed == "099999") } // capped at six
        #expect(press(&state, .enter) == [.disconnect(vehicleId: "v-gus")])
        #expect(reduce(&state, .disconnected(vehicleId: "v-gus", error: nil)) == [.reload])
    }

    @Test func disconnectCancelAndFailure() {
        var state = Fixtures.state()
        _ = press(&state, .enter, .char("x"), .char("0"), .backspace, .escape)
        #expect(state.overlay == nil)
        #expect(reduce(&state, .disconnected(vehicleId: "v-gus", error: Fixtures.serverError)).isEmpty)
        #expect(state.screen == .detail(vehicleId: "v-gus"))
        #expect(reduce(&state, .disconnected(vehicleId: "v-gus", error: nil)) == [.reload])
        #expect(state.screen == .list)
    }

    @Test func liveDataOnRequest() {
        var state = Fixtures.state()
        _ = press(&state, .enter)
        #expect(press(&state, .char("d")) == [.fetchLiveData(vehicleId: "v-gus")])
        #expect(state.liveData["v-gus"] == .loading)
        let data = LiveData(problems: [.init(reading: "fuel", error: CarportError(.api, "none"))])
        _ = reduce(&state, .liveData(vehicleId: "v-gus", .success(data)))
        #expect(state.liveData["v-gus"] == .loaded(data))
        _ = reduce(&state, .liveData(vehicleId: "v-gus", .failure(Fixtures.serverError)))
        #expect(state.liveData["v-gus"] == .failed(Fixtures.serverError))
    }

    @Test func reauthenticateStartsAConnectSession() {
        var state = Fixtures.state()
        let purpose = ConnectPurpose.reauthorize(connectionId: "c-gus", customer: "Gus Fring")
        #expect(press(&state, .char("a")) == [.startConnect(purpose)])
        guard case .connect(let connect) = state.screen else {
            Issue.record("not on connect")
            return
        }
        #expect(connect.phase == .starting)
        #expect(press(&state, .escape) == [.cancelConnect, .reload])
    }

    @Test func connectFlowFromNameToLinked() {
        var state = Fixtures.state()
        _ = press(&state, .char("n"))
        #expect(press(&state, .enter).isEmpty) // a label is required
        for c in "Hana" { _ = press(&state, .char(c)) }
        #expect(press(&state, .char("q")).isEmpty) // typing, not quitting
        _ = press(&state, .backspace)
        #expect(press(&state, .enter) == [.startConnect(.newConnection(customer: "Hana"))])
        #expect(press(&state, .char("y")).isEmpty && state.status?.text == "No Connect URL yet.")
        let urls = ConnectURLs(short: "http://localhost:8000/c/x", full: "https://connect.example/oauth/authorize?x=1")
        _ = reduce(&state, .connect(.urlsReady(urls)))
        #expect(press(&state, .char("y")) == [.copyToClipboard(urls.full)])
        _ = reduce(&state, .copied(true))
        _ = press(&state, .char("p"))
        for c in "http://x/cb?code=1" { _ = press(&state, .char(c)) }
        #expect(press(&state, .enter) == [.submitRedirect("http://x/cb?code=1")])
        _ = reduce(&state, .connect(.rejected("The state does not match; still waiting.")))
        guard case .connect(let waiting) = state.screen else {
            Issue.record("left connect")
            return
        }
        #expect(waiting.notice == "The state does not match; still waiting." && waiting.phase == .waiting)
        _ = reduce(&state, .connect(.exchanging))
        let outcome = ConnectOutcome(connectionId: "c-new", customer: "Hana", vehicleCount: 1)
        #expect(reduce(&state, .connect(.linked(outcome))) == [.reload])
        guard case .connect(let linked) = state.screen else {
            Issue.record("left connect")
            return
        }
        #expect(linked.phase == .linked(outcome))
    }

    @Test func connectFailureAndEventsOffScreenAreIgnored() {
        var state = Fixtures.state()
        #expect(reduce(&state, .connect(.exchanging)).isEmpty)
        #expect(state.screen == .list)
        _ = press(&state, .char("n"), .char("H"), .enter)
        _ = reduce(&state, .connect(.failed(CarportError(.connect, "The customer denied access."))))
        guard case .connect(let connect) = state.screen, case .failed = connect.phase else {
            Issue.record("no failure")
            return
        }
    }

    @Test func loadFailureShowsWhatHappened() {
        var state = State(now: Fixtures.now)
        _ = reduce(&state, .loadFailed(CarportError(.wrongKey, "The key does not open this store.")))
        #expect(state.status?.text.contains("The key does not open this store.") == true)
        #expect(!state.loaded)
    }

    @Test func copiedFailureIsReported() {
        var state = Fixtures.state()
        _ = reduce(&state, .copied(false))
        #expect(state.status?.role == .error)
    }

    @Test func timeWarpOnlyInTheDemo() {
        var state = Fixtures.state()
        #expect(press(&state, .char("w")).isEmpty)
        #expect(!Keymap.helpLines(readOnly: false, demo: false).contains { $0.text.contains("Demo") })
        state.isDemo = true
        #expect(press(&state, .char("w")) == [.timeWarp(3600)])
        #expect(press(&state, .char("W")) == [.timeWarp(7 * 86_400)])
        state.nextAutoRefresh = Fixtures.now.addingTimeInterval(30)
        _ = reduce(&state, .timeWarped(3600))
        #expect(state.nextAutoRefresh == state.now && state.status?.text.contains("1h00m") == true)
        _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(3601)))
        #expect(state.status != nil) // the warp's own message outlives the jump
        #expect(Keymap.helpLines(readOnly: false, demo: true).contains { $0.text.contains("Demo") })
    }

    @Test func simulatedApprovalOnlyInTheDemoWhileWaiting() {
        var state = Fixtures.state()
        _ = press(&state, .char("n"), .char("H"), .enter)
        let urls = ConnectURLs(short: "http://s", full: "http://f")
        _ = reduce(&state, .connect(.urlsReady(urls)))
        #expect(press(&state, .char("A")).isEmpty)
        state.isDemo = true
        #expect(press(&state, .char("A")) == [.simulateApproval(.newConnection(customer: "H"), urls)])
        _ = reduce(&state, .connect(.exchanging))
        #expect(press(&state, .char("A")).isEmpty)
    }
}
