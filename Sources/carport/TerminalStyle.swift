import CarportApp
import CarportCore
import Foundation

/// ANSI colour for command output: only on a terminal, and never with `NO_COLOR` set.
struct TerminalStyle {
    enum Role {
        case header, good, warn, bad, dim
    }

    let enabled: Bool

    static func forStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle
    {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(enabled: isatty(STDOUT_FILENO) == 1 && !noColor && environment["TERM"] != "dumb")
    }

    func paint(_ text: String, _ role: Role) -> String {
        guard enabled else { return text }
        let code =
            switch role {
            case .header: "1"
            case .good: "32"
            case .warn: "33"
            case .bad: "1;31"
            case .dim: "2"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    static func role(of health: Health) -> Role {
        switch health {
        case .healthy: .good
        case .accessExpiring, .accessExpired: .dim
        case .keepAliveDue, .failing: .warn
        case .runwayCritical, .needsReauth: .bad
        }
    }

    /// The terminal's width, or 80 when stdout is not a terminal.
    static func width() -> Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }
}
