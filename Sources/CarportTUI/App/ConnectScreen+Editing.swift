import CarportCore
import Foundation

extension ConnectScreen {
    /// Whether typed keys go to the screen itself: the form, the compatibility review, the paste box.
    var takesText: Bool {
        switch phase {
        case .naming, .reviewing: return true
        default: return paste != nil
        }
    }

    /// Edits the form or the paste box, or answers the review's keys; Enter submits, Esc leaves.
    mutating func edit(_ key: Key) -> [Effect] {
        if key == .ctrl("c") { return [.cancelConnect, .quit] }
        switch phase {
        case .naming(let text): return editForm(key, customer: text)
        case .reviewing(let report): return review(key, report)
        default: break
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
        case .checked(let result):
            guard connect.phase == .checking else { return [] }
            connect.reviewCheck(result)
        }
        screen = .connect(connect)
        return []
    }
}
