import Foundation

/// The part of TOML that Carport's config file uses: top-level `key = value` lines with basic or
/// literal strings, integers, booleans and arrays of strings (on one line or several), and `#`
/// comments. Anything else is an error that names the line.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case strings([String])
}

public enum TOMLFile {
    public static func parse(_ text: String, path: String) throws -> [String: TOMLValue] {
        var result: [String: TOMLValue] = [:]
        var lines = text.components(separatedBy: "\n").enumerated().makeIterator()
        while let (index, raw) = lines.next() {
            let number = index + 1
            var line = stripComment(raw).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let fail = { (why: String) in
                CarportError(.configuration, "\(path), line \(number): \(why)")
            }
            if line.hasPrefix("[") {
                throw fail("tables are not supported; write every key at the top level.")
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw fail("expected `key = value`.")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw fail("`\(key)` is not a plain key.")
            }
            guard result[key] == nil else { throw fail("`\(key)` is set twice.") }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            while value.hasPrefix("["), !value.hasSuffix("]"), let (_, next) = lines.next() {
                value += " " + stripComment(next).trimmingCharacters(in: .whitespaces)
            }
            line = value
            result[key] = try parseValue(line, fail: fail)
        }
        return result
    }

    private static func parseValue(_ text: String, fail: (String) -> CarportError) throws -> TOMLValue {
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if let number = Int(text.replacingOccurrences(of: "_", with: "")) { return .integer(number) }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw fail("an array must end with `]`.") }
            var items: [String] = []
            var rest = Substring(text.dropFirst().dropLast())
            while true {
                rest = rest.drop { $0 == " " || $0 == "\t" }
                if rest.isEmpty { break }
                let (item, after) = try parseString(rest, fail: fail)
                items.append(item)
                rest = after.drop { $0 == " " || $0 == "\t" }
                if rest.isEmpty { break }
                guard rest.first == "," else { throw fail("array items must be separated by commas.") }
                rest = rest.dropFirst()
            }
            return .strings(items)
        }
        let (string, after) = try parseString(Substring(text), fail: fail)
        guard after.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail("unexpected text after the value.")
        }
        return .string(string)
    }

    /// Parses one quoted string at the start of `text`; returns it and what follows.
    private static func parseString(_ text: Substring, fail: (String) -> CarportError) throws
        -> (String, Substring)
    {
        guard let quote = text.first, quote == "\"" || quote == "'" else {
            throw fail("expected a quoted string, a number, true or false.")
        }
        var out = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let c = text[index]
            if c == quote { return (out, text[text.index(after: index)...]) }
            if c == "\\" && quote == "\"" {
                index = text.index(after: index)
                guard index < text.endIndex else { break }
                switch text[index] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                default: throw fail("unsupported escape `\\\(text[index])`.")
                }
            } else {
                out.append(c)
            }
            index = text.index(after: index)
        }
        throw fail("a string is not closed.")
    }

    /// Drops a `#` comment that is not inside a string.
    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        var escaped = false
        for (offset, c) in line.enumerated() {
            if escaped {
                escaped = false
                continue
            }
            if c == "\\" && quote == "\"" {
                escaped = true
                continue
            }
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            if c == "\"" || c == "'" {
                quote = c
                continue
            }
            if c == "#" { return String(line.prefix(offset)) }
        }
        return line
    }
}
