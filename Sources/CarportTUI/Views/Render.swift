import CarportCore
import Foundation

/// Draws `state` into a buffer of `size`. Pure: the same state and size give the same screen.
public func render(_ state: State, _ size: Size) -> ScreenBuffer {
    var renderer = Renderer(state: state, buffer: ScreenBuffer(size))
    renderer.draw()
    return renderer.buffer
}

/// The smallest screen Carport draws on; smaller ones get a note instead.
public let minimumSize = Size(width: 60, height: 12)

struct Renderer {
    let state: State
    var buffer: ScreenBuffer
    /// Drawing the Connect screen's text beside its QR code (`drawConnectBesideItsCode`).
    var besideCode = false

    var width: Int { buffer.size.width }
    var height: Int { buffer.size.height }

    mutating func draw() {
        guard width >= minimumSize.width, height >= minimumSize.height else {
            let note = "Carport needs at least \(minimumSize.width)x\(minimumSize.height) (now \(width)x\(height))"
            buffer.put(CharacterWidth.truncate(note, to: width), x: 0, y: height / 2, role: .error)
            return
        }
        switch state.screen {
        case .list: drawList()
        case .detail(let id): drawDetail(vehicleId: id)
        case .connect(let connect): drawConnectBesideItsCode(connect)
        }
        drawStatus()
        drawFooter()
        if case .connect(let connect) = state.screen, let code = shownCode(connect) {
            drawCode(code, x: width - code.columns)
        }
        switch state.overlay {
        case .help(let scroll)?: drawHelp(scroll: scroll)
        case .confirm(let confirmation)?: drawConfirm(confirmation)
        case .typedConfirm(let confirmation)?: drawTypedConfirm(confirmation)
        case .filterInput?, nil: break
        }
    }

    /// The top line: app name, where we are, and the read-only badge.
    mutating func drawTitle(_ text: String) {
        buffer.fill(y: 0, role: .title)
        var badge = state.readOnly ? " READ-ONLY " : state.isDemo ? " DEMO " : ""
        let clock = Self.clock(state.now)
        badge += " \(clock) "
        let x = buffer.put(" Carport", x: 0, y: 0, role: .title)
        buffer.put(" › " + text, x: x, y: 0, role: .title, maxWidth: width - x - CharacterWidth.of(badge) - 1)
        let start = width - CharacterWidth.of(badge)
        buffer.put(badge, x: start, y: 0, role: .title)
        if state.readOnly { buffer.paint(x: start, y: 0, width: 11, role: .disabled) }
        if state.isDemo && !state.readOnly { buffer.paint(x: start, y: 0, width: 6, role: .badge) }
    }

    static func clock(_ date: Date) -> String { Format.utc(date) }

    /// The line above the footer: the filter being typed, a command waiting for Smartcar (unless a
    /// newer status has news), a fresh status, or the filter in use.
    mutating func drawStatus() {
        let y = height - 2
        if state.overlay == .filterInput {
            let x = buffer.put("/", x: 0, y: y, role: .key)
            let end = buffer.put(state.filter.text, x: x + 1, y: y, role: .input, maxWidth: width - 30)
            buffer.put("▏", x: end, y: y, role: .input)
            let help = "Enter keep · Esc clear · ! invert"
            buffer.put(help, x: width - CharacterWidth.of(help) - 1, y: y, role: .dim)
            return
        }
        if let running = state.running, state.status.map({ $0.at < running.startedAt }) ?? true {
            let waiting =
                "\(state.describe(running))… \(Format.elapsed(state.now.timeIntervalSince(running.startedAt)))"
            let long = "\(waiting) · s stop waiting"
            let text = CharacterWidth.of(long) < width ? long : "\(waiting) · s stops" // the key must stay in view
            buffer.put(CharacterWidth.truncate(text, to: width - 1), x: 0, y: y, role: .accent)
            return
        }
        if let status = state.status {
            buffer.put(CharacterWidth.truncate(status.text, to: width - 1), x: 0, y: y, role: status.role)
            return
        }
        if state.screen == .list, state.filter.isActive {
            let how = state.filter.inverted ? "not matching" : "matching"
            let text =
                "Filter: \(how) “\(state.filter.text)”: \(Format.count(state.rows.count { if case .vehicle = $0 { true } else { false } })) of \(Format.count(state.vehicles.count)) · / edit · ! invert"
            buffer.put(CharacterWidth.truncate(text, to: width - 1), x: 0, y: y, role: .accent)
        }
    }

    /// The footer's order of importance: what fits goes in, in this order.
    static let footerPriority: [Command] = [
        .open, .connect, .simulateApproval, .filter, .sort, .liveData, .lock, .unlock, .timeWarp, .reauthorize,
        .refresh, .disconnect, .group, .refreshAllDue, .paste, .copyURL, .toggleQRCode, .back,
    ]

    /// On a detail, at 80 columns: the way back, then what is on no other screen (live data, lock,
    /// unlock), then refresh; for a connection that needs re-auth (its token opens nothing),
    /// re-auth right after the way back.
    var detailFooterPriority: [Command] {
        var order: [Command] = [.back, .liveData, .lock, .unlock, .refresh, .reauthorize, .timeWarp, .disconnect]
        if case .detail(let vehicleId) = state.screen, let vehicle = state.vehicle(id: vehicleId),
            let connection = state.fleet[connection: vehicle.connectionId], state.health(of: connection) == .needsReauth
        {
            order.removeAll { $0 == .reauthorize }
            order.insert(.reauthorize, at: 1)
        }
        return order
    }

    /// Keys that act on a running Connect session (its URL, its paste box, its code).
    private func needsSession(_ command: Command) -> Bool {
        [.paste, .copyURL, .toggleQRCode, .simulateApproval].contains(command)
    }

    /// Whether the Connect screen shows a session; the form and the compatibility review do not.
    private var sessionShown: Bool {
        guard case .connect(let connect) = state.screen else { return true }
        return connect.urls != nil
    }

    /// The bottom line: the keys that apply now, `? help` and `q quit` always at the right.
    mutating func drawFooter() {
        let y = height - 1
        buffer.fill(y: y, role: .footer)
        let bindings = Keymap.bindings(in: state.context, demo: state.isDemo).filter {
            $0.footer != nil && !(needsSession($0.command) && !sessionShown)
        }
        let fixed = bindings.filter { $0.command == .help || $0.command == .quit }
        let fixedWidth = fixed.reduce(0) { $0 + Self.footerWidth($1) }
        var room = width - fixedWidth - 2
        var shown: [KeyBinding] = []
        let priority = if case .detail = state.screen { detailFooterPriority } else { Self.footerPriority }
        for command in priority {
            guard let binding = bindings.first(where: { $0.command == command }) else { continue }
            if Self.footerWidth(binding) <= room {
                shown.append(binding)
                room -= Self.footerWidth(binding)
            }
        }
        var x = 1
        for binding in shown { x = drawFooterItem(binding, x: x, y: y) }
        x = width - fixedWidth
        for binding in fixed { x = drawFooterItem(binding, x: x, y: y) }
    }

    private static func footerKey(_ binding: KeyBinding) -> String {
        binding.command == .sort ? binding.keyLabel : binding.keys[0].label
    }

    private static func footerWidth(_ binding: KeyBinding) -> Int {
        CharacterWidth.of(footerKey(binding)) + 1 + CharacterWidth.of(binding.footer ?? "") + 2
    }

    private mutating func drawFooterItem(_ binding: KeyBinding, x: Int, y: Int) -> Int {
        let disabled = state.readOnly && binding.command.isMutating
        var end = buffer.put(Self.footerKey(binding), x: x, y: y, role: disabled ? .disabled : .key)
        end = buffer.put(" " + (binding.footer ?? ""), x: end, y: y, role: disabled ? .disabled : .footer)
        return end + 2
    }
}
