import Foundation

extension Keymap {
    /// The width of the keys' column on the help screen; descriptions start after it.
    public static let helpKeyColumn = 14

    /// The help screen's lines: a heading per context, then `keys  what it does`.
    public static func helpLines(readOnly: Bool, demo: Bool) -> [(text: String, role: Role)] {
        var lines: [(String, Role)] = []
        for context in KeyContext.allCases {
            if !lines.isEmpty { lines.append(("", .normal)) }
            lines.append((context.title, .header))
            for binding in bindings(in: context, demo: demo) {
                let disabled = readOnly && binding.command.isMutating
                let suffix = disabled ? "  (disabled: read-only)" : ""
                lines.append(
                    (
                        CharacterWidth.fit(binding.keyLabel, to: helpKeyColumn) + binding.help + suffix,
                        disabled ? .disabled : .normal
                    ))
            }
        }
        return lines
    }

    /// The README's key table, in Markdown.
    public static func markdownTable() -> String {
        var out = "| Screen | Keys | Action |\n| --- | --- | --- |\n"
        for context in KeyContext.allCases {
            for binding in bindings(in: context) {
                let keys = binding.keyLabel.replacingOccurrences(of: "|", with: "\\|")
                let note =
                    binding.command.isDemoOnly
                    ? " (`carport demo` only)"
                    : binding.command.isMutating ? " (not with `--read-only`)" : ""
                out += "| \(context.title) | `\(keys)` | \(binding.help)\(note) |\n"
            }
        }
        return out
    }
}
