/// Text from an operator or from Smartcar made safe for another operator's terminal: C0 and C1
/// control characters (ESC among them) and the Unicode bidirectional overrides and isolates become
/// visible placeholders (`\x1b`, `\u202e`), never the raw character, so a customer label or an
/// error text cannot move the cursor, retitle a window, hide text or reorder a line. Every text
/// output of the CLI and every cell of the full-screen UI goes through it.
public enum TerminalText {
    /// `text` with every unsafe scalar replaced by its placeholder; safe text is returned as is.
    public static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result.append(contentsOf: placeholder(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// C0 (tab and newline included: a value is one line), DEL, C1, and the bidi controls.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || isBidiControl(scalar)
    }

    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; and the marks ALM, LRM, RLM.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            || [0x061C, 0x200E, 0x200F].contains(scalar.value)
    }

    /// `\x1b` for a control character, `\u202e` for a bidi control.
    public static func placeholder(_ scalar: Unicode.Scalar) -> String {
        let digits = Hex.lower(
            scalar.value <= 0xFF ? [UInt8(scalar.value)] : [UInt8(scalar.value >> 8), UInt8(scalar.value & 0xFF)])
        return scalar.value <= 0xFF ? "\\x" + digits : "\\u" + digits
    }

    /// Encoded JSON with the same scalars written as `\uXXXX` escapes, so a consumer gets the
    /// exact value and a terminal showing the raw JSON gets no control character. JSONEncoder
    /// already escapes C0 inside strings; DEL, C1 and the bidi controls it leaves raw, and those can
    /// occur only inside strings. Tab, CR and LF stay: outside strings they are whitespace.
    public static func jsonEscaped(_ json: String) -> String {
        let unsafe = { (scalar: Unicode.Scalar) in isUnsafe(scalar) && ![0x09, 0x0A, 0x0D].contains(scalar.value) }
        guard json.unicodeScalars.contains(where: unsafe) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if unsafe(scalar) {
                let hex = Hex.lower([UInt8(scalar.value >> 8), UInt8(scalar.value & 0xFF)])
                result.append(contentsOf: "\\u\(hex)".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
