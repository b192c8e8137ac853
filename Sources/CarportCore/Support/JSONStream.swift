import Foundation

/// Writes JSON one value at a time in exactly the layout of the CLI's `--json` output
/// (JSONEncoder pretty-printed with sorted keys and ISO-8601 dates, then `TerminalText.jsonEscaped`),
/// so a list of 100,000 vehicles is never held whole (docs/CODEBASE.md, "Fleet scale").
/// The caller writes an object's keys in sorted order.
public struct JSONStream {
    private var bytes: [UInt8] = []
    /// Per open object or array: whether it has no member yet.
    private var empty: [Bool] = []
    /// A key was just written: the next value needs no separator.
    private var afterKey = false
    private let flushAt = 1 << 16
    private let output: (UnsafeRawBufferPointer) -> Void

    /// `output` receives the text in pieces, in order.
    public init(output: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.output = output
        bytes.reserveCapacity(flushAt + 4096)
    }

    /// To standard output; a write that fails (a closed pipe) ends the output quietly.
    public static func standardOutput() -> JSONStream {
        JSONStream { piece in
            var rest = piece
            while !rest.isEmpty {
                let written = write(STDOUT_FILENO, rest.baseAddress, rest.count)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
        }
    }

    public mutating func beginObject() { open("{") }
    public mutating func endObject() { close("}") }
    public mutating func beginArray() { open("[") }
    public mutating func endArray() { close("]") }

    /// The next member's key; its value follows.
    public mutating func key(_ name: String) {
        member()
        quoted(name)
        append(" : ")
        afterKey = true
    }

    public mutating func string(_ value: String?) {
        startValue()
        if let value { quoted(value) } else { append("null") }
    }

    public mutating func int(_ value: Int?) {
        startValue()
        if let value { appendText(String(value)) } else { append("null") }
    }

    /// Whole seconds, UTC, as JSONEncoder's `.iso8601` writes them.
    public mutating func date(_ value: Date?) {
        startValue()
        guard let value else { return append("null") }
        var seconds = time_t(value.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        bytes.append(UInt8(ascii: "\""))
        digits(Int(parts.tm_year) + 1900, 4, then: "-")
        digits(Int(parts.tm_mon) + 1, 2, then: "-")
        digits(Int(parts.tm_mday), 2, then: "T")
        digits(Int(parts.tm_hour), 2, then: ":")
        digits(Int(parts.tm_min), 2, then: ":")
        digits(Int(parts.tm_sec), 2, then: "Z")
        bytes.append(UInt8(ascii: "\""))
    }

    /// The encoder of every `--json` output: pretty-printed, sorted keys, ISO-8601 dates.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A whole value through `encoder()` (a small part of a large document), indented to fit.
    public mutating func encode<T: Encodable>(_ item: T) throws {
        let json = String(decoding: try Self.encoder().encode(item), as: UTF8.self)
        startValue()
        let indent = String(repeating: "  ", count: empty.count)
        let lines = TerminalText.jsonEscaped(json).split(separator: "\n", omittingEmptySubsequences: false)
        appendText(lines.enumerated().map { $0 == 0 || $1.isEmpty ? String($1) : indent + $1 }.joined(separator: "\n"))
    }

    /// Writes what is buffered; call once at the end (with a final newline first, if wanted).
    public mutating func finish(newline: Bool = true) {
        if newline { bytes.append(UInt8(ascii: "\n")) }
        flush()
    }

    private mutating func open(_ bracket: StaticString) {
        startValue()
        append(bracket)
        empty.append(true)
    }

    private mutating func close(_ bracket: StaticString) {
        let wasEmpty = empty.removeLast()
        append(wasEmpty ? "\n\n" : "\n" as StaticString)
        indent()
        append(bracket)
        if bytes.count >= flushAt { flush() }
    }

    /// Before a key, or before a value directly inside an array: the comma and the new line.
    private mutating func member() {
        guard let wasEmpty = empty.last else { return }
        if !wasEmpty { append(",") }
        empty[empty.count - 1] = false
        append("\n")
        indent()
    }

    private mutating func startValue() {
        if afterKey { afterKey = false } else { member() }
    }

    private mutating func indent() {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * empty.count))
    }

    private mutating func append(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    private mutating func appendText(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func digits(_ number: Int, _ width: Int, then separator: Unicode.Scalar) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = number
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
        bytes.append(UInt8(ascii: separator))
    }

    /// A string as JSONEncoder escapes it, then with `TerminalText.jsonEscaped`'s escapes.
    private mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        let plain = text.withUTF8 { utf8 in
            for byte in utf8 where byte < 0x20 || byte >= 0x7F || byte == 0x22 || byte == 0x5C { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain {
            for scalar in text.unicodeScalars { escape(scalar) }
        }
        bytes.append(UInt8(ascii: "\""))
        if bytes.count >= flushAt { flush() }
    }

    private mutating func escape(_ scalar: Unicode.Scalar) {
        switch scalar {
        case "\"": append("\\\"")
        case "\\": append("\\\\")
        case "\n": append("\\n")
        case "\r": append("\\r")
        case "\t": append("\\t")
        case "\u{8}": append("\\b")
        case "\u{C}": append("\\f")
        default:
            guard TerminalText.isUnsafe(scalar) else { return appendText(String(scalar)) }
            appendText("\\u" + Hex.lower([UInt8(scalar.value >> 8), UInt8(scalar.value & 0xFF)]))
        }
    }

    private mutating func flush() {
        bytes.withUnsafeBytes { output($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}
