import Foundation

/// The shape of a VIN (ISO 3779): 17 characters, digits and capital letters except I, O and Q.
/// Checked before Smartcar is asked about a VIN (`carport compat`, the Connect form's VIN field),
/// so a typo costs no request. No check digit: European VINs do not carry one.
public enum VINFormat {
    public static let length = 17

    /// The VIN trimmed and upper-cased, or a usage error that says what is wrong and what to do.
    public static func checked(_ text: String) throws -> String {
        let vin = text.trimmingCharacters(in: .whitespaces).uppercased()
        if let problem = problem(vin) {
            throw CarportError(
                .usage,
                "`\(TerminalText.sanitized(text))` is not a VIN: \(problem). Copy the 17 characters from the "
                    + "registration document or the windscreen and try again.")
        }
        return vin
    }

    /// What is wrong with an upper-cased VIN; nil when it has a VIN's shape.
    public static func problem(_ vin: String) -> String? {
        if vin.count != length { return "it has \(vin.count) characters, a VIN has \(length)" }
        let misread = vin.filter { "IOQ".contains($0) }
        if let letter = misread.first {
            return "it contains `\(letter)`, which VINs never use (read it as \(letter == "I" ? "1" : "0"))"
        }
        if let other = vin.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) {
            return "it contains `\(other)`; a VIN has only letters and digits"
        }
        return nil
    }
}
