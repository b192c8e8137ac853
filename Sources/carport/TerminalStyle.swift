import CarportCore
import CarportTUI
import CarportTerminal
import Foundation

/// Colour for command output: the full-screen UI's roles painted with its palette (one mapping,
/// `Palette`), only on a terminal, never with `NO_COLOR` set or on a dumb terminal.
struct TerminalStyle {
    let enabled: Bool

    static func forStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle
    {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(enabled: isatty(STDOUT_FILENO) == 1 && !noColor && environment["TERM"] != "dumb")
    }

    func paint(_ text: String, _ role: Role) -> String {
        let parameters = Palette.colour.style(role).sgrParameters
        guard enabled, !parameters.isEmpty else { return text }
        return "\u{1B}[\(parameters)m\(text)\u{1B}[0m"
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
