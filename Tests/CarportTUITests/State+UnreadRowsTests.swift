import CarportCore
import CarportTUI
import CarportTestSupport
import Foundation
import Testing

/// A connection stored before Smartcar listed its vehicles (`Vehicle.unread`) shows as one row,
/// never as a vehicle, and a connection that merely has no vehicles stays hidden as before.
@Suite struct UnreadRowsTests {
    static let newcomer = Fixtures.connection("c-new", "Newcomer", accessLeft: 7000, runwayLeft: 59 * Fixtures.day)

    static func state(size: Size = Size(width: 100, height: 24), unread: Bool = true) -> State {
        var state = State(now: Fixtures.now, size: size)
        let placeholder = unread ? [Vehicle.unread(connectionId: "c-new")] : []
        _ = reduce(
            &state,
            .loaded(
                connections: Fixtures.connections + [newcomer.summary], vehicles: Fixtures.vehicles + placeholder))
        return state
    }

    @Test func anUnreadConnectionHasOneRowAndNoVehicle() {
        let state = Self.state()
        #expect(state.rows.last == .connection(id: "c-new", count: 0))
        #expect(state.vehicles.count == Fixtures.vehicles.count)
        #expect(state.healthCounts.values.reduce(0, +) == Fixtures.vehicles.count)
        let screen = render(state, Size(width: 100, height: 24)).snapshot
        #expect(screen.contains("Newcomer · vehicles not read yet: run carport refresh c-new"), "\(screen)")
    }

    @Test func theUnreadRowSelectsNoVehicle() {
        var state = Self.state()
        press(&state, .end)
        #expect(state.rows[state.cursor] == .connection(id: "c-new", count: 0))
        #expect(state.selectedVehicle == nil)
        press(&state, .enter)
        #expect(state.screen == .list)
    }

    @Test func aRefreshWhileAConnectionIsUnreadReloadsTheList() {
        var state = Self.state()
        let news = RefreshNews(connection: Self.newcomer.summary, message: "Refreshed Newcomer.", role: .healthy)
        #expect(reduce(&state, .refreshed(connectionId: "c-new", .success(news))) == [.reload])
        var settled = Self.state(unread: false)
        #expect(reduce(&settled, .refreshed(connectionId: "c-new", .success(news))).isEmpty)
    }

    @Test func aRefreshOfAnotherConnectionDoesNotReloadTheFleet() {
        var state = Self.state()
        let other = Fixtures.connections[0]
        let news = RefreshNews(connection: other, message: "Refreshed.", role: .healthy)
        #expect(reduce(&state, .refreshed(connectionId: other.id, .success(news))).isEmpty)
        #expect(reduce(&state, .autoRefreshFinished([other.id: .success(news)])).isEmpty)
        #expect(reduce(&state, .autoRefreshFinished([other.id: .success(news), "c-new": .success(news)])) == [.reload])
    }

    @Test func aConnectionWithoutVehiclesButNothingUnreadIsNotListed() {
        let state = Self.state(unread: false)
        #expect(!state.rows.contains(.connection(id: "c-new", count: 0)))
    }
}
