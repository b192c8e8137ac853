/// A QR code as its square of modules, and the one way both front ends draw it: two modules per
/// terminal row in half blocks, inside the quiet zone the standard asks for (ISO/IEC 18004 §6.3.8:
/// four light modules on every side). The glyphs assume dark ink on a light ground; the caller
/// paints them black on white (the role `qrCode`, also under `NO_COLOR`), so the code scans
/// whatever the terminal's theme. `CarportApp` encodes (`QRCode.encoding`, libqrencode).
public struct QRCode: Sendable, Equatable {
    /// Modules per side.
    public let size: Int
    /// Row by row, `true` for a dark module.
    public let modules: [Bool]

    public init(size: Int, modules: [Bool]) {
        precondition(modules.count == size * size, "a QR code is square")
        self.size = size
        self.modules = modules
    }

    public static let quietZone = 4

    /// The drawing's width in columns and height in rows, quiet zone included.
    public var columns: Int { size + 2 * Self.quietZone }
    public var rows: Int { (columns + 1) / 2 }

    /// Whether the module at (`x`, `y`) of the drawing (quiet zone included) is dark.
    public func isDark(x: Int, y: Int) -> Bool {
        let (column, row) = (x - Self.quietZone, y - Self.quietZone)
        guard (0..<size).contains(column), (0..<size).contains(row) else { return false }
        return modules[row * size + column]
    }

    /// `rows` lines of `columns` characters: `█` both modules dark, `▀` the upper, `▄` the lower,
    /// a space neither.
    public var halfBlockLines: [String] {
        (0..<rows).map { line in
            String(
                (0..<columns).map { x -> Character in
                    switch (isDark(x: x, y: 2 * line), isDark(x: x, y: 2 * line + 1)) {
                    case (true, true): "█"
                    case (true, false): "▀"
                    case (false, true): "▄"
                    case (false, false): " "
                    }
                })
        }
    }
}
