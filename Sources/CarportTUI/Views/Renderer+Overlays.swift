import CarportCore

extension Renderer {
    /// A box in the middle of the screen, `lines` inside.
    private mutating func dialog(title: String, _ lines: [(String, Role)], minWidth: Int = 40) {
        let inner = min(width - 4, max(minWidth, lines.map { CharacterWidth.of($0.0) }.max() ?? 0))
        let boxHeight = min(height - 2, lines.count + 2)
        let x = (width - inner - 4) / 2
        let y = max(1, (height - boxHeight) / 2)
        buffer.box(x: x, y: y, width: inner + 4, height: boxHeight, title: title)
        for (i, line) in lines.prefix(boxHeight - 2).enumerated() {
            buffer.put(CharacterWidth.truncate(line.0, to: inner), x: x + 2, y: y + 1 + i, role: line.1)
        }
    }

    mutating func drawHelp(scroll: Int) {
        let natural = Keymap.helpLines(readOnly: state.readOnly, demo: state.isDemo)
        let all = Self.wrapHelp(natural, width: width - 4)
        let room = height - 4
        let start = min(scroll, max(0, all.count - room))
        var lines = Array(all.dropFirst(start).prefix(room - 1))
        let more = all.count > room ? "↑/↓ scroll · " : ""
        lines.append(("\(more)any other key closes", .dim))
        // When lines had to wrap the screen is narrow: use all of it, so no list shows at the edges.
        dialog(title: "Keys", lines.map { ($0.text, $0.role) }, minWidth: all.count > natural.count ? width - 4 : 56)
    }

    /// Help lines wider than `width` wrap under the descriptions' column instead of being cut.
    static func wrapHelp(_ lines: [(text: String, role: Role)], width: Int) -> [(text: String, role: Role)] {
        let column = Keymap.helpKeyColumn
        return lines.flatMap { line -> [(text: String, role: Role)] in
            guard line.role != .header, CharacterWidth.of(line.text) > width, width > column + 10 else { return [line] }
            let parts = wrap(String(line.text.dropFirst(column)), width: width - column)
            return parts.enumerated().map { index, part in
                (
                    (index == 0 ? String(line.text.prefix(column)) : String(repeating: " ", count: column)) + part,
                    line.role
                )
            }
        }
    }

    mutating func drawConfirm(_ confirmation: Confirmation) {
        dialog(
            title: confirmation.action == .lock ? "Lock" : "Unlock",
            [
                (confirmation.question, .normal),
                ("", .normal),
                ("y  send the command      any other key: cancel", .key),
            ])
    }

    mutating func drawTypedConfirm(_ confirmation: TypedConfirmation) {
        let typed =
            confirmation.typed
            + String(repeating: "_", count: max(0, confirmation.expected.count - confirmation.typed.count))
        dialog(
            title: "Disconnect",
            [
                ("Disconnect \(confirmation.what)?", .normal),
                ("This revokes Carport's access to the vehicle; only the", .error),
                ("customer can undo it by connecting again.", .error),
                ("", .normal),
                (
                    "Type the last \(confirmation.expected.count) characters of the \(confirmation.rule.what): \(typed)",
                    .input
                ),
                ("Enter disconnect · Esc cancel", .dim),
            ])
    }
}
