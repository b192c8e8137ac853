import CarportCore
import Foundation

extension State {
    /// Takes new store contents and rebuilds what derives from them.
    /// A `Vehicle.unread` placeholder in `vehicles` stands for a connection whose vehicles are
    /// not known yet; it becomes that connection's one row, not a vehicle.
    mutating func load(connections: [ConnectionSummary], vehicles all: [Vehicle]) {
        let selected = selectedVehicle?.id
        self.connections = Dictionary(connections.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        let vehicles = all.filter { !$0.isUnread }
        unreadConnections = Set(all.filter(\.isUnread).map(\.connectionId))
        self.vehicles = vehicles
        searchText = vehicles.map { vehicle in
            let customer = self.connections[vehicle.connectionId]?.customer ?? ""
            return [customer, vehicle.make, vehicle.model, String(vehicle.year), vehicle.vin ?? vehicle.id]
                .joined(separator: "\u{1F}").lowercased()
        }
        loaded = true
        // The vehicles changed even when no connection's health did: count them again.
        if !recomputeHealth() { countHealth() }
        rebuildRows(keeping: selected)
    }

    /// A connection's health as last computed, or computed now.
    func health(of connection: ConnectionSummary) -> Health {
        health[connection.id] ?? policy.health(of: connection.state, at: now)
    }

    /// Recomputes every connection's health at `now`; returns whether any changed.
    @discardableResult
    mutating func recomputeHealth() -> Bool {
        var changed = false
        for (id, connection) in connections {
            let value = policy.health(of: connection.state, at: now)
            if health[id] != value {
                health[id] = value
                changed = true
            }
        }
        if changed || healthCounts.isEmpty { countHealth() }
        return changed
    }

    /// Rebuilds `rows` from the vehicles, filter, sort and grouping, keeping the cursor on
    /// `keeping` when it is still listed.
    mutating func rebuildRows(keeping vehicleId: String? = nil) {
        let needle = filter.text.lowercased()
        var indices: [Int] = []
        indices.reserveCapacity(vehicles.count)
        // The columns that change with time, once per connection rather than once per vehicle.
        let changing =
            needle.isEmpty
            ? [:]
            : connections.mapValues { connection in
                ((health[connection.id]?.label ?? "") + "\u{1F}"
                    + Format.lastRefresh(connection.state.lastRefresh, now: now)).lowercased()
            }
        for index in vehicles.indices {
            let matches =
                needle.isEmpty || searchText[index].contains(needle)
                || changing[vehicles[index].connectionId]?.contains(needle) == true
            if matches != filter.inverted || needle.isEmpty { indices.append(index) }
        }
        let keys = indices.map { sortKey(of: $0) }
        var order = Array(indices.indices)
        let ascending = sort.ascending
        order.sort { a, b in
            let ka = keys[a]
            let kb = keys[b]
            if ka != kb { return ascending ? ka < kb : kb < ka }
            return indices[a] < indices[b]
        }
        var sorted = order.map { indices[$0] }
        if grouped {
            rows = groupedRows(sorted: &sorted)
        } else {
            rows = sorted.map { .vehicle($0) }
        }
        rows += unreadConnectionRows(matching: needle)
        if let vehicleId,
            let row = rows.firstIndex(where: {
                if case .vehicle(let index) = $0 { vehicles[index].id == vehicleId } else { false }
            })
        {
            cursor = row
        }
        clampCursor()
    }

    /// One row (a heading with no vehicle) per connection whose vehicles are not known yet (stored
    /// before Smartcar answered its vehicle list), so it shows until they are read.
    private func unreadConnectionRows(matching needle: String) -> [ListRow] {
        let reached = Set(vehicles.map(\.connectionId))
        return connections.values
            .filter { unreadConnections.contains($0.id) && !reached.contains($0.id) }
            .filter { needle.isEmpty || $0.customer.lowercased().contains(needle) != filter.inverted }
            .sorted { ($0.customer.lowercased(), $0.id) < ($1.customer.lowercased(), $1.id) }
            .map { ListRow.connection(id: $0.id, count: 0) }
    }

    /// Groups vehicles under their connection, ordering groups by their first vehicle.
    private func groupedRows(sorted: inout [Int]) -> [ListRow] {
        var groups: [String: [Int]] = [:]
        var groupOrder: [String] = []
        for index in sorted {
            let id = vehicles[index].connectionId
            if groups[id] == nil { groupOrder.append(id) }
            groups[id, default: []].append(index)
        }
        return groupOrder.flatMap { id in
            [ListRow.connection(id: id, count: groups[id]!.count)] + groups[id]!.map { ListRow.vehicle($0) }
        }
    }

    private func sortKey(of index: Int) -> SortKey {
        let vehicle = vehicles[index]
        let connection = connections[vehicle.connectionId]
        switch sort.column {
        case .customer: return .text(connection?.customer.lowercased() ?? "")
        case .make: return .text(vehicle.make.lowercased())
        case .model: return .text(vehicle.model.lowercased())
        case .year: return .number(Double(vehicle.year))
        case .vin: return .text(vehicle.vinTail ?? "")
        case .access: return .number(connection?.state.accessExpiresAt.timeIntervalSince1970 ?? 0)
        case .runway: return .number(connection?.state.refreshExpiresAt.timeIntervalSince1970 ?? 0)
        case .health:
            let h = health[vehicle.connectionId] ?? .healthy
            return .number(Double(Health.severityOrder.firstIndex(of: h) ?? 0))
        case .lastRefresh: return .number(connection?.state.lastRefresh?.attemptedAt.timeIntervalSince1970 ?? 0)
        }
    }

    mutating func clampCursor() {
        cursor = rows.isEmpty ? 0 : min(max(0, cursor), rows.count - 1)
        let visible = max(1, listHeight)
        if cursor < scroll { scroll = cursor }
        if cursor >= scroll + visible { scroll = cursor - visible + 1 }
        scroll = max(0, min(scroll, max(0, rows.count - visible)))
    }

    /// Rows of the list that fit on screen: title, counts, column heads, status and footer take five.
    var listHeight: Int { max(1, size.height - 5) }

    /// The vehicle under the cursor; a connection heading selects its first vehicle, the row below it.
    public var selectedVehicle: Vehicle? {
        for position in [cursor, cursor + 1] where position < rows.count {
            if case .vehicle(let index) = rows[position] { return vehicles[index] }
            if case .connection(_, 0) = rows[position] { return nil }
        }
        return nil
    }

    public func vehicle(id: String) -> Vehicle? { vehicles.first { $0.id == id } }

    /// Counts vehicles per health state, over all vehicles (not only the filtered ones).
    mutating func countHealth() {
        var counts: [Health: Int] = [:]
        for vehicle in vehicles { counts[health[vehicle.connectionId] ?? .healthy, default: 0] += 1 }
        healthCounts = counts
    }
}

/// A comparable sort key.
enum SortKey: Comparable {
    case number(Double)
    case text(String)
}
