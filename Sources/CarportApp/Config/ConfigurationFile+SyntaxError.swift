import CarportCore
import TOMLKit

extension ConfigurationFile {
    /// TOMLKit's parse error as an error a person can act on: the file, the line and column, the parser's
    /// words, and a plainer hint for the mistakes people make most.
    static func syntaxError(_ error: TOMLParseError, path: String) -> CarportError {
        let position = error.source.begin
        var message = "\(path), line \(position.line), column \(position.column): \(error.description)."
        if let hint = hint(for: error.description) { message += " (\(hint))" }
        message += " Fix the line, or move the file aside to use the environment alone."
        return CarportError(.configuration, message)
    }

    private static func hint(for description: String) -> String? {
        let endOfFile = description.contains("end-of-file") || description.contains("end-of-line")
        if description.contains("redefine") { return "a key is set twice" }
        if description.contains("parsing string") && endOfFile { return "a string is not closed" }
        if description.contains("parsing array") && endOfFile { return "an array is not closed with `]`" }
        if description.contains("could not determine value type") {
            return "a text value needs quotes, as in key = \"value\""
        }
        return nil
    }
}
