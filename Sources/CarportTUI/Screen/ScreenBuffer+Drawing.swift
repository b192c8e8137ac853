extension ScreenBuffer {
    /// A box with single lines; `title` goes into the top edge.
    public mutating func box(x: Int, y: Int, width: Int, height: Int, title: String? = nil) {
        guard width >= 2, height >= 2 else { return }
        let right = x + width - 1
        let bottom = y + height - 1
        put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y, role: .border)
        put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: bottom, role: .border)
        for row in (y + 1)..<bottom {
            put("│", x: x, y: row, role: .border)
            put("│", x: right, y: row, role: .border)
            fill(x: x + 1, y: row, width: width - 2, role: .normal)
        }
        if let title {
            put(" \(CharacterWidth.truncate(title, to: width - 6)) ", x: x + 2, y: y, role: .title)
        }
    }

    /// A horizontal rule across the screen.
    public mutating func rule(y: Int, x: Int = 0, width: Int? = nil) {
        let w = width ?? size.width - x
        put(String(repeating: "─", count: max(0, w)), x: x, y: y, role: .border)
    }

    /// Text for snapshots: the characters, then one role letter per cell, each row between bars.
    public var snapshot: String {
        var out = "size \(size.width)x\(size.height)\n"
        for y in 0..<size.height { out += "|" + line(y) + "|\n" }
        out += "roles\n"
        for y in 0..<size.height {
            out += "|" + String((0..<size.width).map { self[$0, y].role.code }) + "|\n"
        }
        let used = Set(cells.map(\.role)).sorted { $0.rawValue < $1.rawValue }.filter { $0 != .normal }
        out += "legend " + used.map { "\($0.code)=\($0.rawValue)" }.joined(separator: " ") + "\n"
        return out
    }
}
