import CarportApp
import CarportCore
import Foundation

/// The stable `--json` shapes (documented in docs/JSON.md): keys sorted, dates ISO-8601 UTC.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let json = TerminalText.jsonEscaped(String(decoding: try JSONStream.encoder().encode(value), as: UTF8.self))
        FileHandle.standardOutput.write(Data((json + "\n").utf8))
    }
}
