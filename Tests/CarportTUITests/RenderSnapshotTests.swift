import CarportCore
import CarportTUI
import CarportTestSupport
import Foundation
import Testing

/// Every screen at 80x24 and 120x40, text plus colour roles (`RECORD_SNAPSHOTS=1` re-records).
@Suite struct RenderSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    func check(_ name: String, _ prepare: (inout State) -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        for size in Self.sizes {
            var state = Fixtures.state(size: size)
            prepare(&state)
            assertSnapshot(
                render(state, size).snapshot, named: "\(name)-\(size.width)x\(size.height)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func vehicleList() { check("list") { _ in } }

    @Test func vehicleListReadOnly() {
        for size in Self.sizes {
            let state = Fixtures.state(size: size, readOnly: true)
            assertSnapshot(render(state, size).snapshot, named: "list-read-only-\(size.width)x\(size.height)")
        }
    }

    @Test func vehicleListGroupedAndSortedByCustomer() {
        check("list-grouped") { press(&$0, .char("1"), .char("g"), .down) }
    }

    @Test func vehicleListFiltering() {
        check("list-filter") { press(&$0, .char("/"), .char("t"), .char("e"), .char("s")) }
    }

    @Test func vehicleListInvertedFilter() {
        check("list-filter-inverted") { press(&$0, .char("/"), .char("t"), .char("e"), .char("s"), .enter, .char("!")) }
    }

    /// Classic and v3 connections side by side, and a v3 vehicle's detail: no token clocks.
    @Test func mixedFleetAndAV3Detail() {
        for size in Self.sizes {
            var state = Fixtures.mixedState(size: size)
            assertSnapshot(render(state, size).snapshot, named: "list-mixed-\(size.width)x\(size.height)")
            state.cursor = state.rows.firstIndex { state.vehicles[index($0)].id == "v-ines" }!
            _ = press(&state, .enter)
            assertSnapshot(render(state, size).snapshot, named: "detail-v3-\(size.width)x\(size.height)")
        }
    }

    @Test func detailWithErrorsAndLiveData() {
        check("detail") { state in
            state.cursor = state.rows.firstIndex { state.vehicles[index($0)].id == "v-fatima" }!
            _ = press(&state, .enter)
            _ = reduce(&state, .refreshed(connectionId: "c-fatima", .failure(Fixtures.serverError)))
            state.status = nil
            let meta = ReadingMeta(requestId: "r", dataAge: Fixtures.now.addingTimeInterval(-180))
            let data = LiveData(
                odometer: Reading(Odometer(distanceKm: 48_210.4), meta: meta),
                location: Reading(Location(latitude: 52.52, longitude: 13.405), meta: meta),
                battery: Reading(Battery(percentRemaining: 0.78, rangeKm: 312), meta: meta),
                lockStatus: Reading(
                    LockStatus(
                        isLocked: true, doors: [], windows: [], sunroof: [],
                        storage: [], chargingPort: []), meta: meta),
                permissions: state.fleet[connection: "c-fatima"]!.scopes.filter { $0 != "control_security" },
                problems: [.init(reading: "fuel", error: CarportError(.api, "This vehicle has no fuel tank."))])
            _ = reduce(&state, .liveData(vehicleId: "v-fatima", .success(data)))
        }
    }

    @Test func detailNeedingReauth() {
        check("detail-reauth") { state in
            state.cursor = state.rows.firstIndex { state.vehicles[index($0)].id == "v-gus" }!
            _ = press(&state, .enter)
        }
    }

    @Test func connectWaiting() {
        check("connect-waiting") { state in
            _ = press(&state, .char("n"))
            for c in "Hana Sato" { press(&state, .char(c)) }
            _ = press(&state, .enter)
            _ = reduce(
                &state,
                .connect(
                    .urlsReady(
                        ConnectURLs(
                            short: "http://localhost:8000/c/k3v9",
                            full:
                                "https://connect.smartcar.com/oauth/authorize?response_type=code&client_id=8f1c2a&approval_prompt=auto&mode=simulated&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fcallback&scope=read_vehicle_info%20read_vin&state=Zq8mP",
                            sshHint: "ssh -L 8000:localhost:8000 support-host"))))
            _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(42)))
            _ = press(&state, .char("p"))
            for c in "http://localhost:8000/callback?code=" { press(&state, .char(c)) }
        }
    }

    @Test func connectLinked() {
        check("connect-linked") { state in
            _ = press(&state, .char("n"), .char("H"), .enter)
            _ = reduce(&state, .connect(.exchanging))
            _ = reduce(
                &state,
                .connect(
                    .linked(
                        ConnectOutcome(
                            connectionId: "c-new", customer: "H", vehicleCount: 2,
                            moves: [
                                VehicleMove(vehicleId: "v-bob", fromConnectionId: "c-bob", fromCustomer: "Bob Builder")
                            ]))))
        }
    }

    @Test func helpScreen() { check("help") { press(&$0, .char("?")) } }

    @Test func disconnectConfirmation() { check("disconnect") { press(&$0, .char("x"), .char("9")) } }

    @Test func lockConfirmation() { check("lock") { press(&$0, .enter, .char("l")) } }

    @Test func tooSmall() {
        let size = Size(width: 50, height: 10)
        assertSnapshot(render(Fixtures.state(size: size), size).snapshot, named: "too-small-50x10")
    }

    private func index(_ row: ListRow) -> Int {
        if case .vehicle(let i) = row { return i }
        return 0
    }
}

@Suite struct ScreenBufferSafetyTests {
    @Test("a hostile label is drawn as visible placeholders, never as controls or bidi overrides")
    func hostileTextIsDrawnVisibly() {
        var buffer = ScreenBuffer(Size(width: 60, height: 1))
        buffer.put("Evil\u{1B}]0;PWNED\u{07}\u{202E}gnp", x: 0, y: 0)
        let line = buffer.line(0)
        #expect(line.hasPrefix("Evil\\x1b]0;PWNED\\x07\\u202egnp"))
        #expect(!line.unicodeScalars.contains(where: TerminalText.isUnsafe))
    }
}

@Suite struct ConnectOutcomeNotesTests {
    @Test("a grant kept as a new connection, or one missing answers, is said on the Connect screen")
    func notesAreShownUnderTheOutcome() {
        var state = Fixtures.state()
        _ = press(&state, .char("n"), .char("H"), .enter)
        let note = "Kept as a new connection: this grant is not c-gus's Smartcar user; c-gus still needs re-auth."
        _ = reduce(
            &state,
            .connect(.linked(ConnectOutcome(connectionId: "c-new", customer: "H", vehicleCount: 0, notes: [note]))))
        let screen = (0..<state.size.height).map { render(state, state.size).line($0) }.joined(separator: "\n")
        #expect(screen.contains("Kept as a new connection"))
    }
}
