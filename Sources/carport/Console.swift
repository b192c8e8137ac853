import Foundation

/// Where commands write text: stdout or stderr, each line rendered from `StyledText` (values
/// sanitised, colours only on a terminal and never with `NO_COLOR`).
enum Console {
    /// Worked out once per process: `status --all` and `metrics` print thousands of lines.
    private static let style = TerminalStyle.forStandardOutput()

    static func print(_ text: StyledText) {
        Swift.print(text.rendered(style))
    }

    /// A table: its cells are sanitised by `TextTable` itself.
    static func print(_ table: TextTable, width: Int) {
        Swift.print(table.render(width: width, style: style))
    }

    static func error(_ text: StyledText) {
        FileHandle.standardError.write(Data((text.rendered(TerminalStyle(enabled: false)) + "\n").utf8))
    }
}
