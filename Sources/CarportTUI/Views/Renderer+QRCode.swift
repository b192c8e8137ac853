import CarportCore

/// The Connect URL's QR code on the Connect screen: at the right, from the top, black on white
/// (`Role.qrCode`), when the terminal has room; the screen's text narrows to its left. A Connect
/// URL of 300–400 bytes needs about 75x39 cells, so 80x24 has no room and says so (`codeLine`).
extension Renderer {
    /// Columns the screen's text keeps beside the code.
    static let textBesideCode = 40

    /// The code to draw: shown (`c`), waiting for the customer, and with room for it.
    func shownCode(_ connect: ConnectScreen) -> QRCode? {
        guard connect.codeShown, connect.phase == .waiting, let code = connect.urls?.qrCode,
            Self.fits(code, width, height)
        else { return nil }
        return code
    }

    static func fits(_ code: QRCode, _ width: Int, _ height: Int) -> Bool {
        code.columns + textBesideCode <= width && code.rows <= height - 1
    }

    /// The Connect screen, in the columns the code leaves when it is shown.
    mutating func drawConnectBesideItsCode(_ connect: ConnectScreen) {
        guard let code = shownCode(connect) else { return drawConnect(connect) }
        var left = Renderer(
            state: state, buffer: ScreenBuffer(Size(width: width - code.columns, height: height)), besideCode: true)
        left.drawConnect(connect)
        buffer.place(left.buffer, x: 0, y: 0)
    }

    mutating func drawCode(_ code: QRCode, x: Int) {
        for (y, line) in code.halfBlockLines.enumerated() { buffer.put(line, x: x, y: y, role: .qrCode) }
    }

    /// The URL lines' note on the code: where it is, why it is not, or how to show it.
    func codeLine(_ connect: ConnectScreen) -> Line? {
        guard let code = connect.urls?.qrCode else { return nil }
        guard connect.codeShown else { return Line("QR code", "hidden (c shows it)", .dim) }
        if besideCode { return Line("QR code", "at the right; c hides it", .dim) }
        let needs = "\(code.columns + Self.textBesideCode)x\(code.rows + 1)"
        return Line(
            "QR code",
            "no room at \(width)x\(height) (it needs \(needs)); enlarge the terminal, or use "
                + "carport connect --qr", .dim)
    }
}
