import CNcurses
import CarportCore
import CarportTUI
import Foundation

/// The one owner of the terminal: opens curses, flushes buffers, reads keys, and restores the
/// terminal on `close()`, which is idempotent. While it is open, stderr is held aside
/// (`StderrHold`) so a stray write cannot smear the screen; `close()` replays it. Use it from one
/// thread only.
public final class TerminalScreen {
    public let palette: Palette
    public let unicode: Bool
    private var screen: OpaquePointer?
    private var previous: ScreenBuffer?
    /// Nil when the hold could not be set up (no temporary directory): stderr then stays as it was.
    let heldStderr: StderrHold?

    /// Opens curses on stdin/stdout. Throws when they are not a terminal or TERM is unknown.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw CarportError(
                .usage, "The full-screen UI needs a terminal; use the subcommands (carport --help) in scripts.")
        }
        unicode = Self.setUpLocale()
        setenv("ESCDELAY", "25", 0)
        heldStderr = try? StderrHold()
        guard let screen = cn_newterm() else {
            heldStderr?.restore()
            throw CarportError(
                .usage,
                "The terminal type \"\(environment["TERM"] ?? "")\" is unknown; set TERM (for example TERM=xterm-256color)."
            )
        }
        self.screen = screen
        set_escdelay(25)
        cbreak()
        noecho()
        nonl()
        keypad(cn_stdscr(), true)
        curs_set(0)
        timeout(100)
        let hasColours = has_colors()
        palette = Palette.choose(environment: environment, terminalHasColours: hasColours)
        if palette.usesColour {
            start_color()
            use_default_colors()
            for role in Role.allCases {
                let style = palette.style(role)
                init_pair(palette.pairNumber(role), style.foreground.rawValue, style.background.rawValue)
            }
        }
    }

    deinit { close() }

    /// Sets the locale from the environment and falls back to C.UTF-8; returns whether the
    /// terminal gets UTF-8 (else line drawing falls back to ASCII).
    private static func setUpLocale() -> Bool {
        setlocale(LC_ALL, "")
        if codeset() == "UTF-8" { return true }
        setlocale(LC_CTYPE, "C.UTF-8")
        return codeset() == "UTF-8"
    }

    private static func codeset() -> String { String(cString: nl_langinfo(nl_item(CODESET))) }

    public var size: Size { Size(width: Int(cn_cols()), height: Int(cn_lines())) }

    /// Restores the terminal, then stderr (replaying what was written meanwhile). Safe to call more than once.
    public func close() {
        guard let screen else { return }
        endwin()
        delscreen(screen)
        self.screen = nil
        heldStderr?.restore()
    }

    /// Waits up to 100 ms for a key.
    public func read() -> Input {
        var code: wint_t = 0
        let status = get_wch(&code)
        return KeyDecoder.decode(status: status, code: UInt32(code))
    }

    /// The terminal hung up (its window or SSH session closed, the tmux pane killed): reading it
    /// returns at once from then on, so the UI must end rather than spin.
    public var hungUp: Bool { Self.hungUp(STDIN_FILENO) }

    /// Whether the terminal on `descriptor` hung up (or the descriptor is no longer open).
    static func hungUp(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 0) >= 0 else { return true }
        return entry.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Writes what changed since the last frame, then refreshes.
    public func flush(_ buffer: ScreenBuffer) {
        if previous?.size != buffer.size { erase() }
        for run in ScreenDiff.runs(from: previous, to: buffer) { write(run) }
        previous = buffer
        refresh()
    }

    /// Forgets the last frame so the next flush redraws everything (after a resize).
    public func invalidate() {
        previous = nil
        clearok(cn_stdscr(), true)
    }

    private func write(_ run: Run) {
        let style = palette.style(run.role)
        var attributes: UInt32 = 0
        if style.bold { attributes |= cn_a_bold() }
        if style.reverse { attributes |= cn_a_reverse() }
        if style.underline { attributes |= cn_a_underline() }
        if style.dim { attributes |= cn_a_dim() }
        cn_attr_set(cn_stdscr(), Int32(bitPattern: attributes), palette.pairNumber(run.role))
        let text =
            unicode
            ? run.text
            : run.text.map { CharacterWidth.of($0) == 2 ? "??" : String(Glyphs.ascii($0)) }.joined()
        var wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        mvaddwstr(Int32(run.y), Int32(run.x), wide)
        cn_attr_set(cn_stdscr(), 0, 0)
    }

    /// Sends OSC 52 so the terminal puts `text` on the clipboard.
    public func copyToClipboard(_ text: String) -> Bool {
        let sequence = OSC52.sequence(copying: text)
        return sequence.withCString { pointer in
            Glibc.write(1, pointer, strlen(pointer)) == strlen(pointer)
        }
    }
}
