import CarportCore
import Foundation

extension State {
    /// Starting a new connection, and the Connect screen's commands (paste, copy, the demo's shortcuts).
    mutating func runConnectCommand(_ command: Command, key: Key) -> [Effect] {
        switch command {
        case .connect:
            var form = ConnectScreen(purpose: .newConnection(customer: ""), phase: .naming(""), startedAt: now)
            form.kinds = applicationKinds
            screen = .connect(form)
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
        case .toggleQRCode:
            guard case .connect(var connect) = screen else { break }
            connect.showsCode = !connect.codeShown
            screen = .connect(connect)
        case .copyURL:
            guard case .connect(let connect) = screen, let urls = connect.urls else {
                setStatus("No Connect URL yet.", .dim)
                break
            }
            return [.copyToClipboard(urls.full)]
        default:
            break
        }
        return []
    }
}
