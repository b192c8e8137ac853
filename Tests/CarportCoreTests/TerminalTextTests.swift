import CarportCore
import Foundation
import Testing

@Suite struct TerminalTextTests {
    @Test(
        "controls and bidi overrides become visible placeholders",
        arguments: [
            ("Evil\u{1B}]0;PWNED\u{07}", "Evil\\x1b]0;PWNED\\x07"),
            ("a\u{9B}31mb", "a\\x9b31mb"),
            ("tab\there\nnext\r", "tab\\x09here\\x0anext\\x0d"),
            ("del\u{7F}", "del\\x7f"),
            ("abc\u{202E}fed", "abc\\u202efed"),
            ("\u{2066}iso\u{2069}", "\\u2066iso\\u2069"),
            ("mark\u{200F}", "mark\\u200f"),
        ])
    func unsafeScalarsAreShownNotObeyed(input: String, shown: String) {
        #expect(TerminalText.sanitized(input) == shown)
        #expect(!TerminalText.sanitized(input).unicodeScalars.contains(where: TerminalText.isUnsafe))
    }

    @Test func plainTextAndOtherScriptsPassUnchanged() {
        for text in ["Bob's Bikes & Cars", "Ünïcödé – 例え 🚗", "", "Ö\u{308}"] {
            #expect(TerminalText.sanitized(text) == text)
        }
    }

    @Test("JSON keeps the exact value as \\u escapes and its own whitespace")
    func jsonEscapesWhatJSONEncoderLeavesRaw() throws {
        let value = ["customer": "x\u{9B}y\u{202E}z\u{1B}"]
        let encoded = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let escaped = TerminalText.jsonEscaped(encoded + "\n")
        #expect(!escaped.unicodeScalars.contains { TerminalText.isUnsafe($0) && $0 != "\n" })
        #expect(escaped.hasSuffix("\n"))
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(escaped.utf8))
        #expect(decoded == value)
    }
}
