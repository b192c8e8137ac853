import Foundation

/// Finds a session's short URL (`http://localhost:PORT/c/` and 32 hex digits) in screen or
/// command output, as an operator would read it off the terminal.
public enum ShortURLText {
    public static func find(in text: String, port: UInt16) -> String? {
        let prefix = "http://localhost:\(port)/c/"
        guard let start = text.range(of: prefix) else { return nil }
        let token = text[start.upperBound...].prefix { $0.isHexDigit }
        return token.count == 32 ? prefix + token : nil
    }
}
