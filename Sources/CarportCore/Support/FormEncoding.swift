/// `application/x-www-form-urlencoded` exactly as Python's `urllib.parse.urlencode` writes it:
/// letters, digits and `_.-~` stay, a space becomes `+`, every other byte is percent-encoded.
public enum FormEncoding {
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "-"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(contentsOf: Hex.upper([byte]).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes a query string or form body into ordered pairs (`+` is a space). A part with a
    /// malformed percent escape, or whose escapes are not UTF-8, is kept as written.
    public static func decode(_ text: String) -> [(String, String)] {
        text.utf8.split(separator: UInt8(ascii: "&")).map { part in
            let pieces = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(pieces[0]), pieces.count > 1 ? unescape(pieces[1]) : "")
        }
    }

    private static func unescape(_ part: Substring.UTF8View.SubSequence) -> String {
        let bytes = Array(part)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.count, let high = Hex.value(of: bytes[index + 1]),
                    let low = Hex.value(of: bytes[index + 2])
                else { return asWritten(bytes) }
                out.append(high << 4 | low)
                index += 3
                continue
            case UInt8(ascii: "+"): out.append(UInt8(ascii: " "))
            case let byte: out.append(byte)
            }
            index += 1
        }
        return String(validating: out, as: UTF8.self) ?? asWritten(bytes)
    }

    /// The part with only `+` turned into spaces.
    private static func asWritten(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}
