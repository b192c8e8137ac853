/// One key binding: the keys, the command, where it applies, and its words for the footer
/// and the help screen.
public struct KeyBinding: Sendable, Equatable {
    public var keys: [Key]
    /// How the keys are written when they are many (`1–9`); else the keys' labels joined by `/`.
    public var keyLabel: String
    public var command: Command
    public var contexts: Set<KeyContext>
    /// A word or two for the footer; nil keeps the binding off the footer.
    public var footer: String?
    public var help: String

    public init(
        _ keys: [Key], _ command: Command, _ contexts: Set<KeyContext>, footer: String?, help: String,
        keyLabel: String? = nil
    ) {
        self.keys = keys
        self.command = command
        self.contexts = contexts
        self.footer = footer
        self.help = help
        self.keyLabel = keyLabel ?? keys.map(\.label).joined(separator: "/")
    }
}

/// The one source of key bindings: the reducer looks keys up here, the footer and the help
/// screen list it, and `markdownTable` writes the README's key table from it.
public enum Keymap {
    private static let everywhere: Set<KeyContext> = Set(KeyContext.allCases)
    private static let vehicle: Set<KeyContext> = [.list, .detail]

    public static let bindings: [KeyBinding] = [
        KeyBinding([.up, .char("k")], .up, [.list], footer: nil, help: "Move up"),
        KeyBinding([.down, .char("j")], .down, [.list], footer: nil, help: "Move down"),
        KeyBinding([.pageUp], .pageUp, [.list], footer: nil, help: "Page up"),
        KeyBinding([.pageDown, .char(" ")], .pageDown, [.list], footer: nil, help: "Page down"),
        KeyBinding([.home], .top, [.list], footer: nil, help: "First row"),
        KeyBinding([.end], .bottom, [.list], footer: nil, help: "Last row"),
        KeyBinding([.enter], .open, [.list], footer: "open", help: "Open the vehicle's detail"),
        KeyBinding([.char("/")], .filter, [.list], footer: "filter", help: "Filter over all columns"),
        KeyBinding(
            [.char("!")], .invertFilter, [.list], footer: nil, help: "Invert the filter (rows that do not match)"),
        KeyBinding(
            (1...9).map { .char(Character(String($0))) }, .sort, [.list], footer: "sort",
            help: "Sort by a column (1 = Customer … 9 = Last); again reverses", keyLabel: "1–9"),
        KeyBinding([.char("g")], .group, [.list], footer: "group", help: "Group by connection (on/off)"),
        KeyBinding([.char("r")], .refresh, vehicle, footer: "refresh", help: "Refresh this connection's tokens now"),
        KeyBinding(
            [.char("R")], .refreshAllDue, [.list], footer: "refresh due",
            help: "Refresh every connection that is due"),
        KeyBinding(
            [.char("a")], .reauthorize, vehicle, footer: "re-auth",
            help: "Re-authenticate the connection (Connect again)"),
        KeyBinding(
            [.char("x")], .disconnect, vehicle, footer: "disconnect",
            help: "Disconnect the vehicle (type the VIN's end to confirm)"),
        KeyBinding([.char("n")], .connect, [.list], footer: "connect", help: "Connect a new vehicle"),
        KeyBinding(
            [.char("d")], .liveData, [.detail], footer: "live data",
            help: "Fetch live data (odometer, location, battery/fuel, locks, permissions)"),
        KeyBinding([.char("l")], .lock, [.detail], footer: "lock", help: "Lock the vehicle (asks first)"),
        KeyBinding([.char("u")], .unlock, [.detail], footer: "unlock", help: "Unlock the vehicle (asks first)"),
        KeyBinding(
            [.char("s")], .stopWaiting, vehicle, footer: nil,
            help: "Stop waiting for a lock or unlock (Smartcar has it: it may still take effect)"),
        KeyBinding(
            [.char("p")], .paste, [.connect], footer: "paste URL",
            help: "Paste the redirect URL from the browser"),
        KeyBinding(
            [.char("y")], .copyURL, [.connect], footer: "copy URL",
            help: "Copy the Connect URL to the clipboard (OSC 52)"),
        KeyBinding(
            [.char("c")], .toggleQRCode, [.connect], footer: "QR code",
            help: "Show or hide the Connect URL's QR code (shown when the terminal has room)"),
        KeyBinding(
            [.char("w"), .char("W")], .timeWarp, vehicle, footer: "time warp",
            help: "Demo: move the clocks 1 hour (w) or 7 days (W) forward", keyLabel: "w/W"),
        KeyBinding(
            [.char("A")], .simulateApproval, [.connect], footer: "approve as customer",
            help: "Demo: approve in Connect as the customer would (no browser needed)"),
        KeyBinding([.escape, .left], .back, [.detail, .connect], footer: "back", help: "Back to the list"),
        KeyBinding([.char("?")], .help, everywhere, footer: "help", help: "Show this help"),
        KeyBinding(
            [.char("q"), .ctrl("c")], .quit, everywhere, footer: "quit", help: "Quit (the terminal is restored)"),
    ]

    /// The command `key` means in `context`, if any.
    public static func command(for key: Key, in context: KeyContext) -> Command? {
        bindings.first { $0.contexts.contains(context) && $0.keys.contains(key) }?.command
    }

    /// The bindings of `context`; demo-only ones only in the demo.
    public static func bindings(in context: KeyContext, demo: Bool = true) -> [KeyBinding] {
        bindings.filter { $0.contexts.contains(context) && (demo || !$0.command.isDemoOnly) }
    }
}
