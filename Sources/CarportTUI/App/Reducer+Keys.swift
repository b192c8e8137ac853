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

    /// Runs a bound command; each screen's commands live in their own file (Reducer+ListKeys,
    /// Reducer+VehicleKeys, Reducer+ConnectKeys).
    mutating func run(_ command: Command, key: Key) -> [Effect] {
        switch command {
        case .quit:
            if running != nil, !quitWhenStopped {
                // Quitting mid-wait would leave the command unaudited: stop waiting, record it, then quit.
                quitWhenStopped = true
                setStatus("Stopping the wait so the command is recorded, then quitting; q again quits now.", .accent)
                return [.stopWaiting]
            }
            return screen.isConnect ? [.cancelConnect, .quit] : [.quit]
        case .help:
            overlay = .help(scroll: 0)
            return []
        case .back:
            let wasConnect = screen.isConnect
            screen = .list
            return wasConnect ? [.cancelConnect, .reload] : []
        case .up, .down, .pageUp, .pageDown, .top, .bottom:
            moveCursor(command)
            return []
        case .open, .filter, .invertFilter, .sort, .group, .refreshAllDue:
            return runListCommand(command, key: key)
        case .refresh, .reauthorize, .disconnect, .liveData, .lock, .unlock, .stopWaiting:
            return runVehicleCommand(command)
        case .connect, .paste, .simulateApproval, .timeWarp, .copyURL, .toggleQRCode:
            return runConnectCommand(command, key: key)
        }
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
