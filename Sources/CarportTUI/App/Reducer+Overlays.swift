import CarportCore
import Foundation

extension State {
    /// A key while an overlay is open goes to that overlay only.
    mutating func handle(_ key: Key, in overlay: Overlay) -> [Effect] {
        switch overlay {
        case .help(let scroll): return handleHelp(key, scroll: scroll)
        case .filterInput: return handleFilterInput(key)
        case .confirm(let question): return handleConfirm(key, question)
        case .typedConfirm(let confirmation): return handleTypedConfirm(key, confirmation)
        }
    }

    private mutating func handleHelp(_ key: Key, scroll: Int) -> [Effect] {
        switch key {
        case .down, .char("j"):
            let lines = Keymap.helpLines(readOnly: readOnly, demo: isDemo).count
            self.overlay = .help(scroll: min(scroll + 1, max(0, lines - (size.height - 5))))
        case .up, .char("k"): self.overlay = .help(scroll: max(0, scroll - 1))
        case .ctrl("c"): return [.quit]
        default: self.overlay = nil
        }
        return []
    }

    private mutating func handleFilterInput(_ key: Key) -> [Effect] {
        switch key {
        case .enter: self.overlay = nil
        case .escape:
            self.overlay = nil
            filter = ListFilter()
            rebuildRows(keeping: selectedVehicle?.id)
        case .backspace:
            if !filter.text.isEmpty {
                filter.text.removeLast()
                rebuildRows(keeping: selectedVehicle?.id)
            }
        case .char(let c):
            filter.text.append(c)
            cursor = 0
            rebuildRows()
        case .up, .down, .pageUp, .pageDown:
            self.overlay = nil
            return handle(key)
        case .ctrl("c"): return [.quit]
        default: break
        }
        return []
    }

    private mutating func handleConfirm(_ key: Key, _ question: Confirmation) -> [Effect] {
        switch key {
        case .char("y"), .char("Y"):
            self.overlay = nil
            status = nil
            running = RunningCommand(action: question.action, vehicleId: question.vehicleId, startedAt: now)
            return [.security(question.action, vehicleId: question.vehicleId)]
        case .ctrl("c"): return [.quit]
        default:
            self.overlay = nil
            setStatus("Nothing was sent.", .dim)
        }
        return []
    }

    private mutating func handleTypedConfirm(_ key: Key, _ confirmation: TypedConfirmation) -> [Effect] {
        var confirmation = confirmation
        switch key {
        case .escape:
            self.overlay = nil
            setStatus("Disconnect cancelled; nothing changed.", .dim)
        case .backspace:
            if !confirmation.typed.isEmpty { confirmation.typed.removeLast() }
            self.overlay = .typedConfirm(confirmation)
        case .char(let c):
            if confirmation.typed.count < confirmation.expected.count { confirmation.typed.append(c) }
            self.overlay = .typedConfirm(confirmation)
        case .enter:
            guard confirmation.rule.accepts(confirmation.typed) else {
                setStatus(confirmation.rule.refusal, .error)
                return []
            }
            self.overlay = nil
            setStatus("Disconnecting \(confirmation.what)…", .accent)
            return [.disconnect(vehicleId: confirmation.vehicleId)]
        case .ctrl("c"): return [.quit]
        default: break
        }
        return []
    }
}
