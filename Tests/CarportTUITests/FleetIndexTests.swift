import CarportCore
import CarportTestSupport
import Foundation
import Testing

@testable import CarportTUI

/// The indexed list (`FleetIndex`, `SearchText`, `SortedColumn`) against a plain reference that
/// sorts and filters Swift strings as the list always did, over every column, direction and filter.
struct FleetIndexTests {
    static let now = Fixtures.now

    /// What the rows must be: filtered on folded strings, sorted by key then index.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }

    /// Each vehicle's unchanging columns, folded once per state rather than once per filter.
    static func foldedColumns(_ state: State) -> [String: [String]] {
        Dictionary(
            uniqueKeysWithValues: state.vehicles.map { vehicle in
                let customer = state.fleet[connection: vehicle.connectionId]?.customer ?? ""
                let texts = [customer, vehicle.make, vehicle.model, String(vehicle.year), vehicle.vin ?? vehicle.id]
                return (vehicle.id, texts.map(fold))
            })
    }

    static func reference(_ state: State, folded: [String: [String]]) -> [String] {
        let needle = fold(state.filter.text)
        let policy = HealthPolicy.standard
        let entries = state.vehicles.enumerated().compactMap { index, vehicle -> (Int, Vehicle, ConnectionSummary)? in
            guard let connection = state.fleet[connection: vehicle.connectionId] else { return nil }
            return (index, vehicle, connection)
        }
        let kept = entries.filter { _, vehicle, connection in
            guard !needle.isEmpty else { return true }
            let health = policy.health(of: connection.state, at: state.now)
            let texts =
                folded[vehicle.id]! + [
                    fold(health.label), fold(Format.refreshWord(connection.state.tokens?.lastRefresh?.outcome)),
                ]
            return texts.contains { $0.contains(needle) } != state.filter.inverted
        }
        func key(_ vehicle: Vehicle, _ c: ConnectionSummary) -> (text: String, number: Double) {
            switch state.sort.column {
            case .customer: (c.customer.lowercased(), 0)
            case .make: (vehicle.make.lowercased(), 0)
            case .model: (vehicle.model.lowercased(), 0)
            case .vin: (vehicle.vinTail ?? "", 0)
            case .year: ("", Double(vehicle.year))
            case .access: ("", c.state.tokens?.accessExpiresAt.timeIntervalSince1970 ?? .greatestFiniteMagnitude)
            case .runway: ("", c.state.tokens?.refreshExpiresAt.timeIntervalSince1970 ?? .greatestFiniteMagnitude)
            case .lastRefresh:
                switch c.state {
                case .tokenPair(let tokens): ("", tokens.lastRefresh?.attemptedAt.timeIntervalSince1970 ?? 0)
                case .application: ("", vehicle.lastSeenAt?.timeIntervalSince1970 ?? 0)
                }
            case .health:
                ("", Double(Health.severityOrder.firstIndex(of: policy.health(of: c.state, at: state.now))!))
            }
        }
        let ascending = state.sort.ascending
        return kept.sorted { a, b in
            let (ka, kb) = (key(a.1, a.2), key(b.1, b.2))
            if ka != kb { return ascending ? ka < kb : kb < ka }
            return a.0 < b.0
        }
        .map(\.1.id)
    }

    static func states() -> [State] {
        var big = State(now: now, size: Size(width: 120, height: 40))
        let fleet = Fixtures.fleet(count: 600)
        _ = reduce(&big, .loaded(connections: fleet.connections, vehicles: fleet.vehicles))
        var synthetic = State(now: now, size: Size(width: 80, height: 24))
        let made = SyntheticFleet.make(count: 400, at: now)
        _ = reduce(
            &synthetic,
            .loaded(connections: made.map(\.connection.summary), vehicles: made.flatMap(\.vehicles)))
        return [big, synthetic]
    }

    @Test(arguments: Column.allCases)
    func everySortAndFilterMatchesTheReference(column: Column) {
        for var state in Self.states() {
            let folded = Self.foldedColumns(state)
            for filter in ["", "TOM", "tomas", "re-auth", "failed", "never", "2021", "ïd.4"] {
                for inverted in [false, true] {
                    for ascending in [true, false] {
                        state.sort = SortOrder(column: column, ascending: ascending)
                        state.filter = ListFilter(text: filter, inverted: inverted)
                        state.grouped = false
                        _ = reduce(&state, .resized(state.size))
                        state.rebuildRows()
                        #expect(
                            selectedIds(state) == Self.reference(state, folded: folded),
                            "\(column) \(filter) \(inverted) \(ascending)")
                    }
                }
            }
        }
    }

    @Test func aRefreshedConnectionMovesInTheTimeColumnsAndTheCounts() {
        var state = Self.states()[1]
        state.sort = SortOrder(column: .runway, ascending: true)
        state.rebuildRows()
        let ids = selectedIds(state)
        let last = ids.reversed().lazy.compactMap { id in state.vehicles.first { $0.id == id } }
            .first { state.fleet[connection: $0.connectionId]?.state.reauthReason == nil }!
        var connection = state.fleet[connection: last.connectionId]!
        let was = state.health(ofConnection: connection.id)!
        connection.state.pair.refreshExpiresAt = Self.now.addingTimeInterval(3600) // now the shortest runway
        let before = state.healthCounts
        _ = reduce(
            &state,
            .refreshed(
                connectionId: connection.id,
                .success(RefreshNews(connection: connection, message: "moved", role: .healthy))))
        #expect(selectedIds(state).first == last.id)
        #expect(selectedIds(state) == Self.reference(state, folded: Self.foldedColumns(state)))
        #expect(state.healthCounts.values.reduce(0, +) == before.values.reduce(0, +))
        #expect(state.health(ofConnection: connection.id) == .runwayCritical && was != .runwayCritical)
        #expect(state.healthCounts[.runwayCritical] == (before[.runwayCritical] ?? 0) + 1)
        #expect(
            state.healthCounts[was] == (before[was] ?? 0) - 1 || (before[was] == 1 && state.healthCounts[was] == nil))
    }
}
