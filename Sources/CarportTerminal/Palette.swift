import CarportTUI

/// How each role looks: the one place where roles become colours and attributes (htop's
/// `CRT.h`). `noColour` serves `NO_COLOR` (attributes only, but a QR code stays black on white),
/// `monochrome` terminals without colours; the words on screen carry the meaning either way.
public struct Palette: Sendable, Equatable {
    public enum Colour: Int16, Sendable, Equatable {
        case terminalDefault = -1, black, red, green, yellow, blue, magenta, cyan, white
    }

    public struct Style: Sendable, Equatable {
        public var foreground: Colour = .terminalDefault
        public var background: Colour = .terminalDefault
        public var bold = false
        public var reverse = false
        public var underline = false
        public var dim = false
    }

    public let usesColour: Bool
    private let styles: [Role: Style]

    public func style(_ role: Role) -> Style { styles[role] ?? Style() }

    /// Colour unless `NO_COLOR` is set (to anything) or the terminal has none.
    public static func choose(environment: [String: String], terminalHasColours: Bool) -> Palette {
        guard terminalHasColours else { return .monochrome }
        return environment["NO_COLOR"] != nil ? .noColour : .colour
    }

    /// Black ink on a white ground, the one look a QR code scans in.
    private static let qrCode = Style(foreground: .black, background: .white)

    public static let colour = Palette(
        usesColour: true,
        styles: [
            .title: Style(foreground: .black, background: .cyan, bold: true),
            .header: Style(foreground: .cyan, bold: true, underline: true),
            .key: Style(foreground: .yellow, bold: true),
            .selected: Style(reverse: true),
            .border: Style(foreground: .blue),
            .dim: Style(dim: true),
            .disabled: Style(foreground: .red, dim: true),
            .accent: Style(foreground: .cyan),
            .input: Style(bold: true, underline: true),
            .error: Style(foreground: .red, bold: true),
            .badge: Style(foreground: .black, background: .yellow, bold: true),
            .healthy: Style(foreground: .green),
            .expiring: Style(foreground: .yellow),
            .expired: Style(foreground: .yellow, bold: true),
            .keepAlive: Style(foreground: .cyan, bold: true),
            .critical: Style(foreground: .red, bold: true),
            .failing: Style(foreground: .magenta, bold: true),
            .reauth: Style(foreground: .white, background: .red, bold: true),
            .qrCode: qrCode,
        ])

    /// Attributes only. A QR code is drawn in reverse video: dark on light on the usual light-on-dark
    /// terminal without colours.
    public static let monochrome = Palette(
        usesColour: false, styles: monochromeStyles.merging([.qrCode: Style(reverse: true)]) { $1 })

    /// `NO_COLOR` on a terminal with colours: `monochrome`'s attributes, and a QR code in black on white.
    public static let noColour = Palette(usesColour: true, styles: monochromeStyles.merging([.qrCode: qrCode]) { $1 })

    private static let monochromeStyles: [Role: Style] = [
        .title: Style(bold: true, reverse: true),
        .header: Style(bold: true, underline: true),
        .key: Style(bold: true),
        .selected: Style(reverse: true),
        .dim: Style(dim: true),
        .disabled: Style(dim: true),
        .input: Style(underline: true),
        .error: Style(bold: true),
        .badge: Style(bold: true),
        .expired: Style(bold: true),
        .critical: Style(bold: true),
        .failing: Style(bold: true),
        .reauth: Style(bold: true, reverse: true),
    ]

    /// The colour pair number of `role` (roles in declaration order from 1); 0 in monochrome.
    public func pairNumber(_ role: Role) -> Int16 {
        guard usesColour else { return 0 }
        return Int16(Role.allCases.firstIndex(of: role)! + 1)
    }
}
