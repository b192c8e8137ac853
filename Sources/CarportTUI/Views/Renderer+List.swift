import CarportCore
import Foundation

extension Renderer {
    mutating func drawList() {
        let shown = state.filter.isActive ? " (filtered)" : ""
        drawTitle("Vehicles · \(Format.count(state.vehicles.count))\(shown)")
        drawHealthCounts(y: 1)
        let widths = Column.widths(for: width)
        drawColumnHeads(widths, y: 2)
        let top = 3
        let visible = state.listHeight
        guard state.loaded else {
            buffer.put("Reading the store…", x: 2, y: top + 1, role: .dim)
            return
        }
        guard !state.rows.isEmpty else {
            let note =
                state.vehicles.isEmpty
                ? "No vehicles yet. Press n to connect one."
                : "No vehicle matches the filter. Press / then Esc to clear it."
            buffer.put(note, x: 2, y: top + 1, role: .dim)
            return
        }
        let end = min(state.rows.count, state.scroll + visible)
        for (offset, rowIndex) in (state.scroll..<end).enumerated() {
            let y = top + offset
            let selected = rowIndex == state.cursor
            switch state.rows[rowIndex] {
            case .vehicle(let index): drawVehicleRow(state.vehicles[index], widths, y: y, selected: selected)
            case .connection(let id, let count): drawConnectionRow(id, count: count, widths, y: y, selected: selected)
            }
        }
        if state.rows.count > visible {
            let position = "\(state.cursor + 1)/\(Format.count(state.rows.count))"
            buffer.put(" \(position) ", x: width - CharacterWidth.of(position) - 3, y: 2, role: .header)
        }
    }

    /// Vehicles per health state, worst first, each in its colour and in words.
    /// The most spacious style that fits the width wins; the last one drops empty states.
    private mutating func drawHealthCounts(y: Int) {
        let styles: [(dot: String, gap: Int, skipEmpty: Bool)] = [
            ("● ", 2, false), ("", 2, false), ("", 1, false), ("", 1, true),
        ]
        for style in styles {
            let items = Health.severityOrder.compactMap { health -> (String, Role)? in
                let count = state.healthCounts[health] ?? 0
                if style.skipEmpty && count == 0 { return nil }
                return ("\(style.dot)\(health.label) \(Format.count(count))", count == 0 ? .dim : Role.health(health))
            }
            let total = items.reduce(0) { $0 + CharacterWidth.of($1.0) } + style.gap * (items.count - 1) + 1
            guard total <= width || style.skipEmpty else { continue }
            var x = 1
            for (text, role) in items { x = buffer.put(text, x: x, y: y, role: role) + style.gap }
            return
        }
    }

    private mutating func drawColumnHeads(_ widths: [Int], y: Int) {
        buffer.fill(y: y, role: .header)
        var x = 0
        for column in Column.allCases {
            var title = column.title
            if state.sort.column == column { title += state.sort.ascending ? "▲" : "▼" }
            let w = widths[column.rawValue]
            buffer.put(CharacterWidth.fit(title, to: w, alignRight: column.alignRight), x: x, y: y, role: .header)
            x += w + 1
        }
    }

    /// The cells of one vehicle's row, in column order.
    func cells(of vehicle: Vehicle) -> [(String, Role)] {
        guard let connection = state.fleet[connection: vehicle.connectionId] else {
            return [("(missing connection)", .error)]
                + Array(repeating: ("", .normal), count: Column.allCases.count - 1)
        }
        let health = state.health(ofConnection: connection.id) ?? .healthy
        let now = state.now
        let tokens = connection.state.tokens
        let accessRole: Role = tokens.map { $0.accessExpiresAt <= now ? .expired : .normal } ?? .dim
        let refresh =
            state.refreshing.contains(connection.id)
            ? ("refreshing…", Role.accent)
            : (
                Format.lastActivity(connection.state, lastRead: vehicle.lastSeenAt, now: now),
                tokens == nil ? (vehicle.lastSeenAt == nil ? .dim : .normal) : Self.role(of: tokens?.lastRefresh)
            )
        return [
            (connection.customer, .normal), (vehicle.make, .normal), (vehicle.model, .normal),
            (vehicle.yearText, .normal),
            (vehicle.vinTail ?? "—", vehicle.vin == nil ? .dim : .normal),
            (Format.access(connection.state, now: now), accessRole),
            (
                Format.runway(connection.state, now: now),
                tokens == nil
                    ? .dim : health == .runwayCritical || health == .needsReauth ? Role.health(health) : .normal
            ),
            ("● " + health.label, Role.health(health)), refresh,
        ]
    }

    static func role(of record: RefreshRecord?) -> Role {
        switch record?.outcome {
        case .succeeded?: .normal
        case .transientFailure?, .answerLost?, .inFlight?: .failing
        case .revoked?: .reauth
        case nil: .dim
        }
    }

    private mutating func drawVehicleRow(_ vehicle: Vehicle, _ widths: [Int], y: Int, selected: Bool) {
        if selected { buffer.fill(y: y, role: .selected) }
        var x = 0
        for (column, (text, role)) in zip(Column.allCases, cells(of: vehicle)) {
            let w = widths[column.rawValue]
            let keepRole = column == .health
            buffer.put(
                CharacterWidth.fit(text, to: w, alignRight: column.alignRight), x: x, y: y,
                role: selected && !keepRole ? .selected : role)
            x += w + 1
        }
    }

    /// A group's heading: the connection on the left, its health badge in the Health column.
    private mutating func drawConnectionRow(_ id: String, count: Int, _ widths: [Int], y: Int, selected: Bool) {
        let connection = state.fleet[connection: id]
        let health = connection.map(state.health(of:)) ?? .healthy
        let vehicles = "\(count) vehicle\(count == 1 ? "" : "s")"
        let text =
            count == 0
            ? "▸ \(connection?.customer ?? id) · vehicles not read yet: run carport refresh \(id)"
            : "▸ \(connection?.customer ?? id) · \(vehicles) · connection \(id)"
        buffer.fill(y: y, role: selected ? .selected : .accent)
        let healthX = widths[..<Column.health.rawValue].reduce(0) { $0 + $1 + 1 }
        buffer.put(CharacterWidth.truncate(text, to: healthX - 1), x: 0, y: y, role: selected ? .selected : .accent)
        buffer.put("● " + health.label, x: healthX, y: y, role: Role.health(health))
    }
}
