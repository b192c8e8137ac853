import CarportApp
import CarportCore
import CarportTUI

/// A plain-text table that fits a width: columns shrink from the most flexible one, and text that
/// does not fit ends in `…`. Every cell is sanitised (`TerminalText`) before it is measured, so a
/// value can neither reach the terminal raw nor break the columns. Colour is added per cell only
/// when `style` allows it.
struct TextTable {
    struct Column {
        let title: String
        /// The narrowest this column may become.
        let minWidth: Int
        /// Columns that give up width first have the highest `flex`.
        let flex: Int
    }

    let columns: [Column]
    var rows: [[(text: String, style: Role?)]] = []

    func render(width: Int, style: TerminalStyle) -> String {
        let safe = TextTable(
            columns: columns, rows: rows.map { $0.map { (TerminalText.sanitized($0.text), $0.style) } })
        let widths = safe.layout(width: width)
        var lines = [safe.line(columns.map { ($0.title, Role.header) }, widths, style)]
        lines += safe.rows.map { safe.line($0, widths, style) }
        return lines.joined(separator: "\n")
    }

    private func layout(width: Int) -> [Int] {
        var widths = columns.indices.map { i in
            max(columns[i].title.count, rows.map { $0[i].text.count }.max() ?? 0)
        }
        var excess = widths.reduce(0, +) + columns.count - 1 - width
        for i in columns.indices.sorted(by: { columns[$0].flex > columns[$1].flex }) where excess > 0 {
            let give = min(excess, widths[i] - columns[i].minWidth)
            if give > 0 {
                widths[i] -= give
                excess -= give
            }
        }
        return widths
    }

    private func line(
        _ cells: [(text: String, style: Role?)], _ widths: [Int],
        _ style: TerminalStyle
    ) -> String {
        var parts: [String] = []
        for (i, cell) in cells.enumerated() {
            let fitted = Self.fit(cell.text, widths[i])
            let padded =
                i == cells.count - 1 ? fitted : fitted.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            parts.append(cell.style.map { style.paint(padded, $0) } ?? padded)
        }
        var text = parts.joined(separator: " ")
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    static func fit(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        return String(text.prefix(width - 1)) + "…"
    }
}
