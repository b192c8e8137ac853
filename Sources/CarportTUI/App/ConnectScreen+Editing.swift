import CarportCore
import Foundation

extension ConnectScreen {
    /// Whether typed keys go into a text field (the customer label or the paste box).
    var takesText: Bool {
        if case .naming = phase { return true }
        return paste != nil
    }

    /// Edits the customer label or the paste box; Enter submits, Esc leaves.
    mutating func edit(_ key: Key) -> [Effect] {
        if key == .ctrl("c") { return [.cancelConnect, .quit] }
        if case .naming(var text) = phase {
            switch key {
            case .char(let c): text.append(c)
            case .backspace: if !text.isEmpty { text.removeLast() }
            case .escape: return [.reload]
            case .enter:
                let customer = text.trimmingCharacters(in: .whitespaces)
                guard !customer.isEmpty else {
                    notice = "Type a customer label first (who owns the vehicle)."
                    return []
                }
                purpose = .newConnection(customer: customer)
                phase = .starting
                notice = nil
                return [.startConnect(purpose)]
            default: break
            }
            phase = .naming(text)
            return []
        }
        guard var text = paste else { return [] }
        switch key {
        case .char(let c): text.append(c)
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .escape:
            paste = nil
            return []
        case .enter:
            let url = text.trimmingCharacters(in: .whitespacesAndNewlines)
            paste = nil
            guard !url.isEmpty else { return [] }
            notice = "Checking the pasted URL…"
            return [.submitRedirect(url)]
        default: break
        }
        paste = text
        return []
    }
}

extension State {
    mutating func handle(_ event: ConnectEvent) -> [Effect] {
        guard case .connect(var connect) = screen else { return [] }
        switch event {
        case .urlsReady(let urls):
            connect.urls = urls
            connect.phase = .waiting
        case .rejected(let reason):
            connect.notice = reason
        case .exchanging:
            connect.phase = .exchanging
            connect.notice = nil
        case .linked(let outcome):
            connect.phase = .linked(outcome)
            connect.paste = nil
            connect.notice = nil
            screen = .connect(connect)
            return [.reload]
        case .failed(let error):
            connect.phase = .failed(error)
            connect.paste = nil
        }
        screen = .connect(connect)
        return []
    }
}
