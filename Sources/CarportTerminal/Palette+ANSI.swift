extension Palette.Style {
    /// The same look as ANSI SGR parameters (`1;31`), for command output outside curses: the CLI
    /// paints a role exactly as the full-screen UI does. Empty for the terminal's default look.
    public var sgrParameters: String {
        var parameters: [String] = []
        if bold { parameters.append("1") }
        if dim { parameters.append("2") }
        if underline { parameters.append("4") }
        if reverse { parameters.append("7") }
        if foreground != .terminalDefault { parameters.append("\(30 + foreground.rawValue)") }
        if background != .terminalDefault { parameters.append("\(40 + background.rawValue)") }
        return parameters.joined(separator: ";")
    }
}
