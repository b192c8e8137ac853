import CarportCore
import Foundation

extension State {
    /// Up, down, page up, page down, top and bottom in the list.
    mutating func moveCursor(_ command: Command) {
        switch command {
        case .up: cursor -= 1
        case .down: cursor += 1
        case .pageUp: cursor -= listHeight
        case .pageDown: cursor += listHeight
        case .top: cursor = 0
        case .bottom: cursor = rows.count - 1
        default: return
        }
        clampCursor()
    }

    /// The list's own commands: open, filter, sort, group, refresh every due connection.
    mutating func runListCommand(_ command: Command, key: Key) -> [Effect] {
        switch command {
        case .open:
            if let vehicle = selectedVehicle { screen = .detail(vehicleId: vehicle.id) }
        case .filter:
            overlay = .filterInput
        case .invertFilter:
            filter.inverted.toggle()
            rebuildRows(keeping: selectedVehicle?.id)
        case .sort:
            guard case .char(let c) = key, let n = c.wholeNumberValue, let column = Column(rawValue: n - 1) else {
                break
            }
            sort = SortOrder(column: column, ascending: sort.column == column ? !sort.ascending : true)
            rebuildRows(keeping: selectedVehicle?.id)
        case .group:
            grouped.toggle()
            rebuildRows(keeping: selectedVehicle?.id)
        case .refreshAllDue:
            return refreshEveryDueConnection()
        default:
            break
        }
        return []
    }

    private mutating func refreshEveryDueConnection() -> [Effect] {
        let due = fleet.summaries.filter {
            policy.refreshIsDue($0.state, at: now) && !refreshing.contains($0.id)
        }
        .map(\.id).sorted()
        guard !due.isEmpty else {
            setStatus("No connection is due for a refresh.", .dim)
            return []
        }
        refreshing.formUnion(due)
        setStatus("Refreshing \(due.count) due connection\(due.count == 1 ? "" : "s")…", .accent)
        return due.map { .refresh(connectionId: $0) }
    }
}
