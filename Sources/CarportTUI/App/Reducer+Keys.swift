import CarportCore
import Foundation

extension State {
    mutating func handle(_ key: Key) -> [Effect] {
        if let overlay { return handle(key, in: overlay) }
        if case .connect(var connect) = screen, connect.takesText {
            let effects = connect.edit(key)
            screen = .connect(connect)
            return effects
        }
        guard let command = Keymap.command(for: key, in: context) else { return [] }
        if readOnly && command.isMutating {
            setStatus(
                "Read-only: \(Keymap.bindings.first { $0.command == command }?.help ?? command.rawValue) is disabled.",
                .disabled)
            return []
        }
        return run(command, key: key)
    }

    mutating func run(_ command: Command, key: Key) -> [Effect] {
        switch command {
        case .quit:
            return screen.isConnect ? [.cancelConnect, .quit] : [.quit]
        case .help:
            overlay = .help(scroll: 0)
        case .back:
            let wasConnect = screen.isConnect
            screen = .list
            return wasConnect ? [.cancelConnect, .reload] : []
        case .up:
            cursor -= 1
            clampCursor()
        case .down:
            cursor += 1
            clampCursor()
        case .pageUp:
            cursor -= listHeight
            clampCursor()
        case .pageDown:
            cursor += listHeight
            clampCursor()
        case .top:
            cursor = 0
            clampCursor()
        case .bottom:
            cursor = rows.count - 1
            clampCursor()
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
        case .refresh:
            guard let vehicle = targetVehicle else { break }
            let id = vehicle.connectionId
            guard !refreshing.contains(id) else {
                setStatus("A refresh of this connection is already running.", .dim)
                break
            }
            refreshing.insert(id)
            return [.refresh(connectionId: id)]
        case .refreshAllDue:
            let due = connections.values.filter {
                policy.refreshIsDue($0.state, at: now) && !refreshing.contains($0.id)
            }
            .map(\.id).sorted()
            guard !due.isEmpty else {
                setStatus("No connection is due for a refresh.", .dim)
                break
            }
            refreshing.formUnion(due)
            setStatus("Refreshing \(due.count) due connection\(due.count == 1 ? "" : "s")…", .accent)
            return due.map { .refresh(connectionId: $0) }
        case .reauthenticate:
            guard let vehicle = targetVehicle, let connection = connections[vehicle.connectionId] else { break }
            let purpose = ConnectPurpose.reauthenticate(connectionId: connection.id, customer: connection.customer)
            screen = .connect(ConnectScreen(purpose: purpose, phase: .starting, startedAt: now))
            return [.startConnect(purpose)]
        case .disconnect:
            guard let vehicle = targetVehicle else { break }
            let expected = String((vehicle.vin ?? vehicle.id).suffix(6)).uppercased()
            overlay = .typedConfirm(
                TypedConfirmation(
                    vehicleId: vehicle.id, expected: expected, typed: "",
                    what: describe(vehicle.id)))
        case .connect:
            screen = .connect(ConnectScreen(purpose: .newConnection(customer: ""), phase: .naming(""), startedAt: now))
        case .liveData:
            guard case .detail(let id) = screen else { break }
            liveData[id] = .loading
            return [.fetchLiveData(vehicleId: id)]
        case .lock, .unlock:
            guard case .detail(let id) = screen else { break }
            let action: SecurityAction = command == .lock ? .lock : .unlock
            let verb = action == .lock ? "Lock" : "Unlock"
            overlay = .confirm(Confirmation(action: action, vehicleId: id, question: "\(verb) \(describe(id))?"))
        case .paste:
            guard case .connect(var connect) = screen, connect.phase == .waiting else { break }
            connect.paste = ""
            screen = .connect(connect)
        case .simulateApproval:
            guard isDemo, case .connect(var connect) = screen, connect.phase == .waiting, let urls = connect.urls else {
                break
            }
            connect.notice = "Approving as the customer…"
            screen = .connect(connect)
            return [.simulateApproval(connect.purpose, urls)]
        case .timeWarp:
            guard isDemo else { break }
            return [.timeWarp(key == .char("W") ? 7 * 86_400 : 3600)]
        case .copyURL:
            guard case .connect(let connect) = screen, let urls = connect.urls else {
                setStatus("No Connect URL yet.", .dim)
                break
            }
            return [.copyToClipboard(urls.full)]
        }
        return []
    }

    /// The vehicle an action applies to: the open detail, or the list's selection.
    var targetVehicle: Vehicle? {
        if case .detail(let id) = screen { return vehicle(id: id) }
        return selectedVehicle
    }
}

extension Screen {
    var isConnect: Bool {
        if case .connect = self { return true }
        return false
    }
}
