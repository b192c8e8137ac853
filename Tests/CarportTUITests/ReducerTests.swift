import CarportCore
import CarportTUI
import CarportTestSupport
import Foundation
import Testing

/// The list: loading, moving, sorting, filtering, grouping, refreshing, ticks, read-only.
@Suite struct ReducerTests {
    @Test func loadingSortsWorstFirstAndCountsEveryHealthState() {
        let state = Fixtures.state()
        let ranks = state.rows.compactMap { row -> Int? in
            guard case .vehicle(let i) = row, let health = state.health(ofConnection: state.vehicles[i].connectionId)
            else {
                return nil
            }
            return Health.severityOrder.firstIndex(of: health)
        }
        #expect(ranks.count == 8 && ranks == ranks.sorted())
        #expect(state.healthCounts[.healthy] == 2)
        for health in Health.allCases where health != .healthy { #expect(state.healthCounts[health] == 1, "\(health)") }
        #expect(state.selectedVehicle?.id == "v-gus")
    }

    /// A disconnect leaves the connection in the store without its vehicle: no health changes,
    /// but the counts must follow the vehicles.
    @Test func reloadingWithAVehicleGoneRecountsEvenWhenNoHealthChanged() {
        var state = Fixtures.state()
        _ = reduce(
            &state,
            .loaded(connections: Fixtures.connections, vehicles: Fixtures.vehicles.filter { $0.id != "v-alice-2" }))
        #expect(state.healthCounts[.healthy] == 1)
        #expect(state.healthCounts.values.reduce(0, +) == 7)
    }

    @Test func cursorMovesAndStaysInBounds() {
        var state = Fixtures.state()
        #expect(press(&state, .up).isEmpty)
        #expect(state.cursor == 0)
        _ = press(&state, .down, .char("j"))
        #expect(state.cursor == 2)
        _ = press(&state, .end)
        #expect(state.cursor == 7)
        _ = press(&state, .pageDown)
        #expect(state.cursor == 7)
        _ = press(&state, .home)
        #expect(state.cursor == 0)
        _ = press(&state, .pageDown)
        #expect(state.cursor == 7)
        _ = press(&state, .pageUp)
        #expect(state.cursor == 0)
    }

    @Test func scrollKeepsTheCursorVisible() {
        var state = Fixtures.state(size: Size(width: 80, height: 8)) // 3 list rows
        _ = press(&state, .down, .down, .down, .down)
        #expect(state.cursor == 4 && state.scroll == 2)
        _ = reduce(&state, .resized(Size(width: 80, height: 24)))
        #expect(state.scroll == 0)
    }

    @Test func sortByEveryColumnAndReverse() {
        var state = Fixtures.state()
        for column in Column.allCases {
            _ = press(&state, .char(Character(String(column.rawValue + 1))))
            #expect(state.sort == SortOrder(column: column, ascending: true))
        }
        _ = press(&state, .char("1"))
        _ = press(&state, .char("1"))
        #expect(state.sort == SortOrder(column: .customer, ascending: false))
        #expect(selectedIds(state).first == "v-chen") // 陈 sorts after Latin letters; reversed comes first
        _ = press(&state, .char("4"))
        #expect(selectedIds(state).first == "v-dana") // 2019
    }

    @Test func sortKeepsTheSelectedVehicle() {
        var state = Fixtures.state()
        _ = press(&state, .down, .down)
        let selected = state.selectedVehicle?.id
        _ = press(&state, .char("3"))
        #expect(state.selectedVehicle?.id == selected)
    }

    @Test func filterMatchesAnyColumnAndInverts() {
        var state = Fixtures.state()
        _ = press(&state, .char("/"))
        #expect(state.overlay == .filterInput)
        for c in "tesla" { _ = press(&state, .char(c)) }
        #expect(Set(selectedIds(state)) == ["v-alice-1", "v-alice-2"])
        _ = press(&state, .backspace, .backspace, .backspace, .backspace, .backspace)
        for c in "re-auth" { _ = press(&state, .char(c)) } // health words
        #expect(selectedIds(state) == ["v-gus"])
        _ = press(&state, .enter)
        #expect(state.overlay == nil && state.filter.text == "re-auth")
        _ = press(&state, .char("!"))
        #expect(selectedIds(state).count == 7 && !selectedIds(state).contains("v-gus"))
        _ = press(&state, .char("/"), .escape)
        #expect(state.filter == ListFilter() && state.rows.count == 8)
    }

    @Test func filterMatchesVinTailYearAndLastRefresh() {
        for (needle, expected) in [
            ("099999", ["v-gus"]), ("2019", ["v-dana"]), ("failed", ["v-fatima"]), ("陈", ["v-chen"]),
        ] {
            var state = Fixtures.state()
            state.filter.text = needle
            _ = reduce(&state, .resized(state.size))
            _ = press(&state, .char("/"), .char(" "), .backspace)
            #expect(selectedIds(state) == expected, "\(needle)")
        }
    }

    @Test func groupByConnectionAddsHeadings() {
        var state = Fixtures.state()
        _ = press(&state, .char("g"))
        #expect(state.grouped)
        #expect(state.rows.count == 8 + 7)
        #expect(state.rows.first == .connection(id: "c-gus", count: 1))
        _ = press(&state, .char("g"))
        #expect(state.rows.count == 8)
    }

    @Test func openAndBack() {
        var state = Fixtures.state()
        #expect(press(&state, .enter).isEmpty)
        #expect(state.screen == .detail(vehicleId: "v-gus"))
        #expect(press(&state, .escape).isEmpty)
        #expect(state.screen == .list)
    }

    @Test func helpOpensScrollsAndCloses() {
        var state = Fixtures.state()
        _ = press(&state, .char("?"))
        #expect(state.overlay == .help(scroll: 0))
        _ = press(&state, .down)
        #expect(state.overlay == .help(scroll: 1))
        for _ in 0..<100 { _ = press(&state, .down) }
        let lines = Keymap.helpLines(readOnly: false, demo: false).count
        #expect(state.overlay == .help(scroll: lines - (24 - 5))) // stops at the last page
        _ = press(&state, .char("z"))
        #expect(state.overlay == nil)
    }

    @Test func quitFromEveryScreen() {
        var state = Fixtures.state()
        #expect(press(&state, .char("q")) == [.quit])
        #expect(press(&state, .ctrl("c")) == [.quit])
        _ = press(&state, .char("n"))
        #expect(press(&state, .ctrl("c")) == [.cancelConnect, .quit])
    }

    @Test func refreshOneThenResult() {
        var state = Fixtures.state()
        #expect(press(&state, .char("r")) == [.refresh(connectionId: "c-gus")])
        #expect(state.refreshing == ["c-gus"])
        #expect(press(&state, .char("r")).isEmpty) // never twice
        var fresh = Fixtures.connections[6]
        fresh.state.reauthReason = nil
        fresh.state.pair.lastRefresh = RefreshRecord(attemptedAt: Fixtures.now, outcome: .succeeded)
        fresh.state.pair.accessExpiresAt = Fixtures.now.addingTimeInterval(7200)
        _ = reduce(
            &state,
            .refreshed(
                connectionId: "c-gus", .success(.init(connection: fresh, message: "Refreshed Gus.", role: .healthy))))
        #expect(state.refreshing.isEmpty)
        #expect(state.status?.text == "Refreshed Gus." && state.status?.role == .healthy)
        #expect(state.health(ofConnection: "c-gus") == .healthy)
        #expect(state.healthCounts[.needsReauth] == nil || state.healthCounts[.needsReauth] == 0)
        #expect(state.selectedVehicle?.id == "v-gus") // the cursor follows the vehicle
    }

    @Test("a refresh that finds the pair revoked says so in the re-auth colour, never 'Refreshed'")
    func refreshOfARevokedPairSaysReauthIsNeeded() {
        var state = Fixtures.state()
        _ = press(&state, .char("r"))
        let error = CarportError(.authorizationRevoked, "Gus Fring needs re-authentication: invalid_grant.")
        let news = RefreshNews(connection: Fixtures.connections[6], message: error.message, role: .reauth, error: error)
        _ = reduce(&state, .refreshed(connectionId: "c-gus", .success(news)))
        #expect(state.status?.text == error.message && state.status?.role == .reauth)
        #expect(state.errors["c-gus"] == [error])
        #expect(state.health(ofConnection: "c-gus") == .needsReauth)
    }

    @Test func refreshFailureIsRememberedForTheDetail() {
        var state = Fixtures.state()
        _ = press(&state, .char("r"))
        _ = reduce(&state, .refreshed(connectionId: "c-gus", .failure(Fixtures.serverError)))
        #expect(state.errors["c-gus"] == [Fixtures.serverError])
        #expect(state.status?.role == .error)
        for _ in 0..<5 { _ = reduce(&state, .refreshed(connectionId: "c-gus", .failure(Fixtures.serverError))) }
        #expect(state.errors["c-gus"]?.count == State.errorsKept)
    }

    @Test func refreshAllDueAsksOnlyForDueConnections() {
        var state = Fixtures.state()
        let effects = press(&state, .char("R"))
        // Due: access expiring or expired, or runway within 14 days; never a dead pair.
        #expect(effects == ["c-bob", "c-chen", "c-dana", "c-emil"].map { .refresh(connectionId: $0) })
        #expect(press(&state, .char("R")).isEmpty)
    }

    @Test func tickMovesTheClockAndStartsOneAutomaticRefreshPass() {
        var state = Fixtures.state()
        #expect(reduce(&state, .tick(Fixtures.now.addingTimeInterval(1))) == [.refreshDue])
        #expect(state.autoRefreshRunning)
        // One pass at a time; the change feed is asked meanwhile.
        #expect(reduce(&state, .tick(Fixtures.now.addingTimeInterval(60))) == [.pollChanges(since: 0)])
        _ = reduce(&state, .autoRefreshFinished(["c-gus": .failure(Fixtures.serverError)]))
        #expect(!state.autoRefreshRunning)
        #expect(reduce(&state, .tick(Fixtures.now.addingTimeInterval(61))) == [.refreshDue])
    }

    /// Another operator's change arrives through the change feed within `changePollInterval`: a
    /// connection whose vehicles are the ones shown is updated in place, anything else reloads.
    @Test func changesByOtherProcessesAreAppliedInPlaceOrReloaded() {
        var state = Fixtures.state()
        _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(1)))
        #expect(reduce(&state, .tick(Fixtures.now.addingTimeInterval(2))) == [.pollChanges(since: 0)])
        #expect(reduce(&state, .tick(Fixtures.now.addingTimeInterval(3))).isEmpty, "one poll at a time")
        var gus = Fixtures.connections[6]
        gus.state.reauthReason = nil
        gus.state.pair.refreshExpiresAt = Fixtures.now.addingTimeInterval(50 * 86_400)
        gus.state.pair.lastRefresh = RefreshRecord(attemptedAt: Fixtures.now, outcome: .succeeded)
        let vehicles = Fixtures.vehicles.filter { $0.connectionId == gus.id }
        let changes = StoreChanges(mark: 7, connections: [gus], vehicles: vehicles)
        #expect(reduce(&state, .changed(.success(changes))).isEmpty)
        #expect(state.fleet.changeMark == 7 && state.healthCounts[.needsReauth] == nil)
        #expect(reduce(&state, .tick(Fixtures.now.addingTimeInterval(5))) == [.pollChanges(since: 7)])

        let newcomer = ConnectionSummary(
            id: "c-new", customer: "Nia", mode: .live, scopes: [],
            state: .application(ApplicationState(confirmedAt: Fixtures.now)))
        #expect(reduce(&state, .changed(.success(StoreChanges(mark: 8, connections: [newcomer])))) == [.reload])
        var moved = vehicles
        moved[0].model = "Kona"
        _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(6)))
        #expect(
            reduce(&state, .changed(.success(StoreChanges(mark: 9, connections: [gus], vehicles: moved)))) == [.reload])
        _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(8)))
        #expect(reduce(&state, .changed(.success(StoreChanges(mark: 10, overflow: true)))) == [.reload])
    }

    @Test func tickChangesHealthAsTimePasses() {
        var state = Fixtures.state()
        _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(3 * 3600)))
        #expect(state.health(ofConnection: "c-alice") == .accessExpired)
        #expect(state.now == Fixtures.now.addingTimeInterval(3 * 3600))
    }

    @Test func statusLinesExpire() {
        var state = Fixtures.state(readOnly: true)
        _ = press(&state, .char("r"))
        #expect(state.status != nil)
        _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(StatusLine.lifetime + 1)))
        #expect(state.status == nil)
    }

    @Test(arguments: [Key.char("r"), .char("R"), .char("a"), .char("x"), .char("n")])
    func readOnlyDisablesMutatingListActions(key: Key) {
        var state = Fixtures.state(readOnly: true)
        #expect(press(&state, key).isEmpty)
        #expect(state.overlay == nil && state.screen == .list)
        #expect(state.status?.text.hasPrefix("Read-only") == true)
    }

    @Test func readOnlyDisablesLockAndNeverRefreshesInTheBackground() {
        var state = Fixtures.state(readOnly: true)
        _ = press(&state, .enter)
        #expect(press(&state, .char("l")).isEmpty && state.overlay == nil)
        #expect(press(&state, .char("d")) == [.fetchLiveData(vehicleId: "v-gus")]) // reading changes nothing
        #expect(reduce(&state, .tick(Fixtures.now.addingTimeInterval(1))).isEmpty)
    }
}
