import CarportCore
import CarportTUI

/// A piece of command output: the literal text this program wrote, values interpolated into it
/// (a customer label, a make, an error text from Smartcar), and painted values. Rendering passes
/// every value through `TerminalText.sanitized`, so no value can put a control character or a
/// bidi override on an operator's terminal; only Carport's own literals and colours reach it raw.
/// Commands print through `Console`, which takes only this type.
struct StyledText: ExpressibleByStringInterpolation, Sendable {
    struct Part: Sendable {
        var text: String
        var role: Role?
        /// Shown as written: a literal of this program's, or text sanitised already.
        var isSafe: Bool
    }

    private(set) var parts: [Part]

    init(stringLiteral value: String) { parts = [Part(text: value, role: nil, isSafe: true)] }

    init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    /// A value shown in `role`'s colour.
    init(_ value: String, role: Role? = nil) { parts = [Part(text: value, role: role, isSafe: false)] }

    /// Text made safe already (a table whose cells were sanitised before they were padded).
    init(safe parts: [Part]) { self.parts = parts }

    static func + (lhs: StyledText, rhs: StyledText) -> StyledText {
        var joined = lhs
        joined.parts += rhs.parts
        return joined
    }

    func rendered(_ style: TerminalStyle) -> String {
        parts.map { part in
            let text = part.isSafe ? part.text : TerminalText.sanitized(part.text)
            return part.role.map { style.paint(text, $0) } ?? text
        }.joined()
    }

    struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        init(literalCapacity: Int, interpolationCount: Int) {}

        mutating func appendLiteral(_ literal: String) { parts.append(Part(text: literal, role: nil, isSafe: true)) }

        mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            parts.append(Part(text: value.description, role: nil, isSafe: false))
        }

        mutating func appendInterpolation(_ value: String, role: Role) {
            parts.append(Part(text: value, role: role, isSafe: false))
        }

        mutating func appendInterpolation(_ value: StyledText) { parts += value.parts }
    }
}

extension Array where Element == StyledText {
    func joined(separator: StyledText) -> StyledText {
        guard var result = first else { return "" }
        for line in dropFirst() { result = result + separator + line }
        return result
    }
}
