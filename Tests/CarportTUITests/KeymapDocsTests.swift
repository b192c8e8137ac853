import CarportTUI
import Foundation
import Testing

/// The README's key table is the keymap's: this test fails when they differ and rewrites the
/// README's table when `RECORD_SNAPSHOTS=1`.
@Suite struct KeymapDocsTests {
    static let begin = "<!-- keys:begin -->\n", end = "<!-- keys:end -->"

    @Test func readmeKeyTable() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "README.md has no \(Self.begin)")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let table = Keymap.markdownTable()
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try text.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: table)
                .write(to: readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            String(text[start.upperBound..<stop.lowerBound]) == table,
            "README.md's key table is out of date: RECORD_SNAPSHOTS=1 swift test --filter readmeKeyTable")
    }

    @Test func everyCommandHasAKeyAndNoKeyIsBoundTwiceOnOneScreen() {
        let bound = Set(Keymap.bindings.map(\.command))
        #expect(bound == Set(Command.allCases), "unbound: \(Set(Command.allCases).subtracting(bound))")
        for context in KeyContext.allCases {
            let keys = Keymap.bindings(in: context).flatMap(\.keys)
            #expect(keys.count == Set(keys).count, "a key is bound twice in \(context)")
        }
    }
}
