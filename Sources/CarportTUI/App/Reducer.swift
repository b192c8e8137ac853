import CarportCore
import Foundation

/// Applies `action` to `state` and returns what the runtime should do next.
public func reduce(_ state: inout State, _ action: Action) -> [Effect] {
    switch action {
    case .key(let key):
        return state.handle(key)
    case .resized(let size):
        state.size = size
        state.clampCursor()
        return []
    case .tick(let now):
        return state.tick(now)
    case .loaded(let index):
        state.load(index)
        return []
    case .indexed(let lookups):
        state.fleet.adopt(lookups)
        return []
    case .loadFailed(let error):
        state.setStatus("Could not read the store: \(error.message)", .error)
        return []
    case .refreshed(let id, let result):
        state.refreshing.remove(id)
        state.apply(result, connectionId: id)
        if case .success(let news) = result { state.setStatus(news.message, news.role) }
        return state.fleet.isUnread(id) ? [.reload] : [] // the refresh may have read its vehicles
    case .autoRefreshFinished(let results):
        state.autoRefreshRunning = false
        for (id, result) in results { state.apply(result, connectionId: id, rebuilding: false) }
        state.rebuildRows(keeping: state.selectedVehicle?.id) // once for the whole round
        return results.keys.contains(where: state.fleet.isUnread) ? [.reload] : []
    case .liveData(let vehicleId, let result):
        state.receive(result, for: vehicleId)
        return []
    case .changed(let result):
        return state.apply(result)
    case .commandAccepted(let vehicleId):
        if state.running?.vehicleId == vehicleId { state.running?.accepted = true }
        return []
    case .securityDone(let vehicleId, let action, let result):
        state.finishSecurity(action, vehicleId: vehicleId, result)
        return state.quitWhenStopped ? [.quit] : []
    case .disconnected(let vehicleId, let error):
        return state.finishDisconnect(vehicleId: vehicleId, error: error)
    case .connect(let event):
        return state.handle(event)
    case .timeWarped(let seconds):
        state.nextAutoRefresh = state.now
        state.setStatus("Time warp: the clocks moved \(Format.span(seconds)) forward.", .accent)
        state.status?.at = state.now.addingTimeInterval(seconds) // stays as long as after any other news
        return []
    case .copied(let ok):
        state.setStatus(
            ok ? "Connect URL sent to the clipboard (OSC 52)." : "The terminal did not take the clipboard text.",
            ok ? .accent : .error)
        return []
    }
}

extension State {
    mutating func receive(_ result: Result<LiveData, CarportError>, for vehicleId: String) {
        switch result {
        case .success(let data):
            liveData[vehicleId] = .loaded(data)
            if !readOnly, fleet.kind(ofVehicle: vehicleId) == .v3, data.answeredAnything {
                fleet.markRead(vehicleId: vehicleId, at: now) // as `Carport.liveDataV3` stored it
            }
        case .failure(let error):
            liveData[vehicleId] = .failed(error)
            remember(error, for: vehicleId)
        }
    }

    mutating func tick(_ newNow: Date) -> [Effect] {
        now = newNow
        if let status, now.timeIntervalSince(status.at) > StatusLine.lifetime { self.status = nil }
        if recomputeHealth(), sort.column == .health || filter.isActive {
            rebuildRows(keeping: selectedVehicle?.id)
        }
        var effects: [Effect] = []
        if loaded, !pollingChanges, now >= nextChangePoll {
            pollingChanges = true
            effects.append(.pollChanges(since: fleet.changeMark))
        }
        guard loaded, !readOnly, !autoRefreshRunning, now >= nextAutoRefresh else { return effects }
        nextAutoRefresh = now.addingTimeInterval(Self.autoRefreshInterval)
        let anyDue = fleet.summaries.contains {
            policy.refreshIsDue($0.state, at: now) && !refreshing.contains($0.id)
        }
        guard anyDue else { return effects }
        autoRefreshRunning = true
        return effects + [.refreshDue]
    }

    /// What other processes changed (docs/CODEBASE.md, "Several operators"): each changed
    /// connection whose vehicles are the ones shown is updated in place; a new connection, a
    /// vehicle added, moved or removed, or too many changes read the fleet again.
    mutating func apply(_ result: Result<StoreChanges, CarportError>) -> [Effect] {
        pollingChanges = false
        nextChangePoll = now.addingTimeInterval(Self.changePollInterval)
        guard case .success(let changes) = result,
            changes.mark != fleet.changeMark || !changes.connections.isEmpty || changes.overflow
        else { return [] }
        let stored = Dictionary(grouping: changes.vehicles, by: \.connectionId)
        // The same vehicles, as the list shows them (a last read is applied in place).
        func listed(_ vehicles: [Vehicle]) -> [[String]] {
            vehicles.sorted { $0.id < $1.id }.map { [$0.id, $0.make, $0.model, $0.yearText, $0.vin ?? ""] }
        }
        var inPlace = !changes.overflow
        for connection in changes.connections where inPlace {
            inPlace =
                fleet.slot(of: connection.id) != nil
                && listed(stored[connection.id] ?? []) == listed(fleet.vehicles(ofConnection: connection.id))
        }
        guard inPlace else { return [.reload] }
        for connection in changes.connections { update(connection) }
        for vehicle in changes.vehicles {
            if let read = vehicle.lastSeenAt { fleet.markRead(vehicleId: vehicle.id, at: read) }
        }
        fleet.changeMark = changes.mark
        rebuildRows(keeping: selectedVehicle?.id)
        return []
    }

    /// Stores a refresh result: the row as stored afterwards, and an error for the detail screen.
    /// Without `rebuilding`, the caller rebuilds the rows once after a batch.
    mutating func apply(_ result: Result<RefreshNews, CarportError>, connectionId: String, rebuilding: Bool = true) {
        switch result {
        case .success(let news):
            if let error = news.error {
                remember(error, for: connectionId)
                setStatus(news.message, news.role)
            }
            guard let connection = news.connection else { return }
            update(connection)
            if rebuilding,
                sort.column == .health || sort.column == .access || sort.column == .runway
                    || sort.column == .lastRefresh || filter.isActive
            {
                rebuildRows(keeping: selectedVehicle?.id)
            }
        case .failure(let error):
            remember(error, for: connectionId)
            setStatus(
                "Refresh of \(fleet[connection: connectionId]?.customer ?? connectionId) failed: \(error.message)",
                .error)
        }
    }

    mutating func remember(_ error: CarportError, for id: String) {
        errors[id, default: []].append(error)
        if errors[id]!.count > Self.errorsKept { errors[id]!.removeFirst() }
    }

    mutating func setStatus(_ text: String, _ role: Role) {
        status = StatusLine(text: text, role: role, at: now)
    }

    /// `2020 Tesla Model 3 (…ABC123)` for messages and questions.
    func describe(_ vehicleId: String) -> String {
        guard let vehicle = vehicle(id: vehicleId) else { return vehicleId }
        return "\(vehicle.year) \(vehicle.make) \(vehicle.model) (…\(vehicle.vinTail ?? String(vehicle.id.suffix(6))))"
    }

    /// `Locking 2020 Tesla Model 3 (…ABC123)` while a command waits for Smartcar.
    func describe(_ running: RunningCommand) -> String {
        "\(running.action == .lock ? "Locking" : "Unlocking") \(describe(running.vehicleId))"
            + (running.accepted ? ": accepted, still running" : "")
    }

    /// The key context of the current screen.
    public var context: KeyContext {
        switch screen {
        case .list: .list
        case .detail: .detail
        case .connect: .connect
        }
    }
}
