import CarportCore
import Foundation
import TOMLKit

/// The config file's top-level keys, read through TOMLKit (full TOML 1.0: CRLF line ends, comments,
/// multi-line arrays). Only what loading needs is kept: strings, arrays of strings, and for anything
/// else its type, so a wrong type can be named in the error.
struct ConfigurationFile: Sendable {
    enum Value: Sendable, Equatable {
        case string(String)
        case strings([String])
        /// Any other value, by the name of its TOML type ("integer", "array of integer", …).
        case other(String)
    }

    /// The file's path, for error messages.
    let path: String
    let values: [String: Value]

    var keys: [String] { values.keys.sorted() }

    /// Parses `text`; a syntax error names the file, the line and the column.
    init(parsing text: String, path: String) throws {
        self.path = path
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Self.syntaxError(error, path: path)
        }
        var values: [String: Value] = [:]
        for key in table.keys {
            guard let value = table[key] else { continue }
            if value.type == .table {
                throw CarportError(
                    .configuration,
                    "\(path): `\(key)` is a table, and tables are not supported; write every key at the top level.")
            }
            values[key] = Self.value(of: value)
        }
        self.values = values
    }

    /// The string at `setting`'s key, nil when absent.
    func string(_ setting: Configuration.Setting) throws -> String? {
        switch values[setting.fileKey] {
        case nil: return nil
        case .string(let text)?: return text
        case .strings?: throw typeError(setting, wanted: "a string", got: "an array")
        case .other(let type)?: throw typeError(setting, wanted: "a string", got: "a value of type \(type)")
        }
    }

    /// The array of strings at `setting`'s key, nil when absent.
    func strings(_ setting: Configuration.Setting) throws -> [String]? {
        switch values[setting.fileKey] {
        case nil: return nil
        case .strings(let items)?: return items
        case .string?: throw typeError(setting, wanted: "an array of strings", got: "a string")
        case .other(let type)?: throw typeError(setting, wanted: "an array of strings", got: "a value of type \(type)")
        }
    }

    private func typeError(_ setting: Configuration.Setting, wanted: String, got: String) -> CarportError {
        CarportError(
            .configuration,
            "\(path): `\(setting.fileKey)` must be \(wanted); got \(got). (\(setting.variable) in the environment wins over the file.)"
        )
    }

    private static func value(of value: TOMLValueConvertible) -> Value {
        if let text = value.string { return .string(text) }
        guard let array = value.array else { return .other(name(of: value.type)) }
        var items: [String] = []
        for item in array {
            guard let text = item.string else { return .other("array of \(name(of: item.type))") }
            items.append(text)
        }
        return .strings(items)
    }

    private static func name(of type: TOMLType) -> String {
        type == .bool ? "boolean" : type.description
    }
}
