import Foundation

/// The request line and headers of one HTTP/1.x request, parsed strictly: anything a browser
/// would not send is refused with a status code instead of being guessed at.
struct RequestHead: Sendable, Equatable {
    var method: String
    /// The path, still percent-encoded.
    var path: String
    /// The raw query string without `?`; nil when the target has none.
    var query: String?
    /// Header names in lower case, in order.
    var headers: [(name: String, value: String)]

    static func == (lhs: RequestHead, rhs: RequestHead) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.query == rhs.query
            && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }

    /// A request the catcher refuses, with the status it answers.
    struct Refusal: Error, Equatable {
        var status: Int
        var reason: String
    }

    func values(of name: String) -> [String] {
        headers.filter { $0.name == name }.map(\.value)
    }

    /// Parses the bytes before the blank line (CR LF CR LF excluded).
    static func parse(_ bytes: [UInt8]) throws(Refusal) -> RequestHead {
        guard bytes.allSatisfy({ $0 == 0x0D || $0 == 0x0A || $0 == 0x09 || (0x20...0x7E).contains($0) }) else {
            throw Refusal(status: 400, reason: "The request contains bytes that are not printable ASCII.")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        guard lines.allSatisfy({ !$0.contains("\r") && !$0.contains("\n") }) else {
            throw Refusal(status: 400, reason: "A line of the request ends in a bare CR or LF.")
        }
        let parts = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isUppercase }),
            parts[1].hasPrefix("/"), !parts[1].contains("\t")
        else { throw Refusal(status: 400, reason: "The request line is malformed.") }
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else {
            throw Refusal(status: 505, reason: "Only HTTP/1.0 and HTTP/1.1 are served.")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                !line.hasPrefix(" "), !line.hasPrefix("\t"),
                line[..<colon].allSatisfy({ !$0.isWhitespace })
            else { throw Refusal(status: 400, reason: "A header line is malformed.") }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            headers.append((line[..<colon].lowercased(), value))
        }
        let target = parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return RequestHead(
            method: String(parts[0]), path: String(target[0]),
            query: target.count > 1 ? String(target[1]) : nil, headers: headers)
    }
}
