import CarportCore
import Foundation

/// The list's rows from the fleet, filter, sort and grouping: walks arrays only, so a keystroke
/// over 100,000 vehicles stays within a frame (docs/CODEBASE.md, "Fleet scale").
extension State {
    /// Rebuilds `rows`, keeping the cursor on `keeping` when it is still listed.
    mutating func rebuildRows(keeping vehicleId: String? = nil) {
        let needle = SearchText.fold(filter.text)
        let matches = needle.isEmpty ? nil : matching(needle)
        let inverted = filter.inverted
        var sorted: [Int] = []
        sorted.reserveCapacity(matches == nil ? vehicles.count : 1024)
        let take = { (index: Int) in
            if let matches, matches[index] == inverted { return }
            sorted.append(index)
        }
        if sort.column == .health {
            forEachBySeverity(ascending: sort.ascending, take)
        } else {
            fleet.order(of: sort.column).forEach(ascending: sort.ascending, take)
        }
        rows = grouped ? groupedRows(sorted) : sorted.map { .vehicle($0) }
        rows += unreadConnectionRows(matching: needle)
        if let vehicleId, let index = fleet.index(ofVehicle: vehicleId),
            let row = rows.firstIndex(of: .vehicle(index))
        {
            cursor = row
        }
        clampCursor()
    }

    /// Per vehicle, whether `needle` is in one of its columns: the unchanging ones through the
    /// search text, health and the last refresh's outcome word through the few states that match.
    private mutating func matching(_ needle: String) -> [Bool] {
        var matches = [Bool](repeating: false, count: vehicles.count)
        fleet.searchText().mark(needle, in: &matches)
        let healthHit = Health.severityOrder.map { SearchText.fold($0.label).contains(needle) } // by rank
        let outcomeHit = FleetIndex.outcomeCodes.map { Format.refreshWord($0).contains(needle) } // by code
        guard healthHit.contains(true) || outcomeHit.contains(true) else { return matches }
        for index in matches.indices where !matches[index] {
            let slot = Int(fleet.owner[index])
            matches[index] =
                healthHit[Int(vehicleRank(index))] || (slot >= 0 && outcomeHit[Int(fleet.outcomes[slot])])
        }
        return matches
    }

    /// Every vehicle, worst health first (ascending) or last, ties by index: a counting sort.
    private func forEachBySeverity(ascending: Bool, _ body: (Int) -> Void) {
        var buckets = [[Int]](repeating: [], count: Health.severityOrder.count)
        for index in vehicles.indices { buckets[Int(vehicleRank(index))].append(index) }
        for bucket in ascending ? buckets : buckets.reversed() { bucket.forEach(body) }
    }

    /// Groups vehicles under their connection, ordering groups by their first vehicle.
    private func groupedRows(_ sorted: [Int]) -> [ListRow] {
        var groups: [Int32: [Int]] = [:]
        var groupOrder: [Int32] = []
        for index in sorted {
            let slot = fleet.owner[index]
            if groups[slot] == nil { groupOrder.append(slot) }
            groups[slot, default: []].append(index)
        }
        return groupOrder.flatMap { slot in
            let members = groups[slot]!
            let id = slot >= 0 ? fleet.summaries[Int(slot)].id : vehicles[members[0]].connectionId
            return [ListRow.connection(id: id, count: members.count)] + members.map { ListRow.vehicle($0) }
        }
    }

    /// One row (a heading with no vehicle) per connection whose vehicles are not known yet (stored
    /// before Smartcar answered its vehicle list), so it shows until they are read.
    private func unreadConnectionRows(matching needle: String) -> [ListRow] {
        fleet.unread.map { fleet.summaries[$0] }
            .filter { needle.isEmpty || SearchText.fold($0.customer).contains(needle) != filter.inverted }
            .map { ListRow.connection(id: $0.id, count: 0) }
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

    public func vehicle(id: String) -> Vehicle? { fleet.index(ofVehicle: id).map { vehicles[$0] } }
}
