import Foundation

extension ConnectFlow {
    /// Parses and checks a callback's query string. Shared by the browser redirect and a pasted
    /// URL, so both ways in obey the same rules.
    enum CallbackQuery {
        /// Longer queries are not callbacks (Smartcar's are a few hundred bytes).
        static let maximumLength = 4096

        static func parse(_ query: String) -> Result<[String: String], Rejection> {
            guard query.utf8.count <= maximumLength else {
                return .failure(Rejection("The callback's query is longer than \(maximumLength) bytes."))
            }
            var parameters: [String: String] = [:]
            for (name, value) in FormEncoding.decode(query) {
                guard !containsControlCharacter(name), !containsControlCharacter(value) else {
                    return .failure(Rejection("The callback's \(shown(name)) contains control characters."))
                }
                guard parameters[name] == nil else {
                    return .failure(Rejection("The callback repeats its \(shown(name))."))
                }
                parameters[name] = value
            }
            return .success(parameters)
        }

        /// A parameter's name for a message: rejections reach the terminal and the page, and any
        /// web page can make the browser send a callback, so only short plain names are repeated.
        private static func shown(_ name: String) -> String {
            isToken(name) && name.count <= 40 ? "parameter `\(name)`" : "parameter"
        }

        /// Codes, vehicle ids and states are short tokens of URL-safe characters.
        static func isToken(_ value: String) -> Bool {
            value.utf8.count <= 512
                && value.utf8.allSatisfy { byte in
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                        UInt8(ascii: "."), UInt8(ascii: "~"):
                        true
                    default:
                        false
                    }
                }
        }

        private static func containsControlCharacter(_ text: String) -> Bool {
            // C0, DEL and C1 (U+009B is a terminal's CSI on its own).
            text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
        }
    }

    /// Why a pasted whole URL is refused: its scheme, host, port or path differ from the redirect
    /// URI's (RFC 8252 §8.10), so it is not where Smartcar sent this session's customer. Nil for
    /// a match, and for a pasted query alone (`?code=…&state=…`), which carries no address.
    public static func wrongAddress(pasted text: String, redirectURI: URL) -> Rejection? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.contains("://") else { return nil }
        guard let pasted = URLComponents(string: trimmed),
            let expected = URLComponents(url: redirectURI, resolvingAgainstBaseURL: false)
        else { return Rejection("The pasted text is not a URL.") }
        func port(_ c: URLComponents) -> Int? { c.port ?? (c.scheme?.lowercased() == "https" ? 443 : 80) }
        func path(_ c: URLComponents) -> String { c.percentEncodedPath.removingPercentEncoding ?? c.percentEncodedPath }
        let same =
            pasted.scheme?.lowercased() == expected.scheme?.lowercased()
            && pasted.host?.lowercased() == expected.host?.lowercased() && port(pasted) == port(expected)
            && path(pasted) == path(expected)
        return same
            ? nil
            : Rejection(
                "The pasted address is not this session's redirect URI (\(redirectURI.absoluteString)); paste the "
                    + "address the customer's browser ended on, or just its ?code=…&state=… part.")
    }

    /// The query string inside what an operator pasted: a whole redirect URL, `?code=…&state=…`
    /// or `code=…&state=…`. Nil when the text holds no query at all.
    public static func query(fromPasted text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if trimmed.contains("://") {
            return URLComponents(string: trimmed)?.percentEncodedQuery.flatMap { $0.isEmpty ? nil : $0 }
        }
        let query = trimmed.hasPrefix("?") ? String(trimmed.dropFirst()) : trimmed
        return query.contains("=") ? query : nil
    }
}
