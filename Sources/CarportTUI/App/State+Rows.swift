import CarportCore
import Foundation

extension State {
    public var vehicles: [Vehicle] { fleet.vehicles }

    /// Takes new store contents (`FleetIndex`) and rebuilds what derives from them.
    mutating func load(_ index: FleetIndex) {
        let selected = selectedVehicle?.id
        fleet = index
        slotRank = []
        loaded = true
        if !recomputeHealth() { countHealth() } // the vehicles changed even when no health did
        rebuildRows(keeping: selected)
    }

    /// A connection's health as last computed, or computed now.
    func health(of connection: ConnectionSummary) -> Health {
        health(ofConnection: connection.id) ?? policy.health(of: connection.state, at: now)
    }

    /// The health of the connection `id` as last computed; nil when it is not in the store.
    public func health(ofConnection id: String) -> Health? {
        fleet.slot(of: id).flatMap { $0 < slotRank.count ? Health.severityOrder[Int(slotRank[$0])] : nil }
    }

    /// Recomputes every connection's health at `now`; returns whether any changed.
    @discardableResult
    mutating func recomputeHealth() -> Bool {
        var changed = slotRank.count != fleet.summaries.count
        if changed { slotRank = Array(repeating: Health.healthy.rank, count: fleet.summaries.count) }
        for (slot, connection) in fleet.summaries.enumerated() {
            let value = policy.health(of: connection.state, at: now)
            if slotRank[slot] != value.rank {
                slotRank[slot] = value.rank
                changed = true
            }
        }
        if changed || healthCounts.isEmpty { countHealth() }
        return changed
    }

    /// A connection as stored after a refresh: its health now, the counts, not yet the rows.
    mutating func update(_ connection: ConnectionSummary) {
        fleet.update(connection)
        guard let slot = fleet.slot(of: connection.id), slot < slotRank.count else { return }
        let (old, new) = (Health.severityOrder[Int(slotRank[slot])], policy.health(of: connection.state, at: now))
        slotRank[slot] = new.rank
        // Moved between counts by its vehicles: a round of 10,000 refreshes never recounts the fleet.
        let moved = fleet.vehicleCounts[slot]
        guard old != new, moved > 0 else { return }
        healthCounts[old, default: 0] -= moved
        if healthCounts[old] == 0 { healthCounts[old] = nil }
        healthCounts[new, default: 0] += moved
    }

    /// The health of the vehicle at `index` (that of its connection).
    func vehicleHealth(_ index: Int) -> Health { Health.severityOrder[Int(vehicleRank(index))] }

    /// The position of that health in `Health.severityOrder`: an array read, no hashing.
    func vehicleRank(_ index: Int) -> UInt8 {
        let slot = Int(fleet.owner[index])
        return slot >= 0 && slot < slotRank.count ? slotRank[slot] : Health.healthy.rank
    }

    /// Counts vehicles per health state, over all vehicles (not only the filtered ones).
    mutating func countHealth() {
        var counts = [Int](repeating: 0, count: Health.severityOrder.count)
        for index in fleet.vehicles.indices { counts[Int(vehicleRank(index))] += 1 }
        healthCounts = Dictionary(
            uniqueKeysWithValues: counts.enumerated().filter { $1 > 0 }.map { (Health.severityOrder[$0], $1) })
    }
}

extension Health {
    /// This state's position in `severityOrder`, worst first.
    var rank: UInt8 { UInt8(Self.severityOrder.firstIndex(of: self)!) }
}
