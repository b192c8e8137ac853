import CarportCore
import Foundation
import Testing

/// `JSONStream` must write exactly what `JSONEncoder` plus `TerminalText.jsonEscaped` write.
struct JSONStreamTests {
    struct Item: Encodable {
        let at: Date
        let list: [Int]
        let name: String
        @NullEncoded var nothing: String?
        let nested: [String: [String]]
    }

    static let hostile =
        "a\"b\\c/d\u{0}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1B}\u{1F}\u{7F}\u{85}\u{9B}\u{202E}\u{2066}\u{200F}é漢🚗"

    static func streamed(_ write: (inout JSONStream) throws -> Void) rethrows -> String {
        var bytes: [UInt8] = []
        var stream = JSONStream { bytes.append(contentsOf: $0) }
        try write(&stream)
        stream.finish(newline: false)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func encoded<T: Encodable>(_ value: T) throws -> String {
        TerminalText.jsonEscaped(String(decoding: try JSONStream.encoder().encode(value), as: UTF8.self))
    }

    @Test(arguments: [hostile, "", "plain ascii", "Zoë"])
    func stringsAndDatesMatchTheEncoder(text: String) throws {
        let dates = [0, 815_000_000.9, -0.5, 1_790_000_000.999_9].map(Date.init(timeIntervalSinceReferenceDate:))
        for date in dates {
            let item = Item(at: date, list: [], name: text, nothing: nil, nested: [:])
            let streamed = try Self.streamed { s in
                s.beginObject()
                s.key("at")
                s.date(date)
                s.key("list")
                s.beginArray()
                s.endArray()
                s.key("name")
                s.string(text)
                s.key("nested")
                try s.encode([String: [String]]())
                s.key("nothing")
                s.string(nil)
                s.endObject()
            }
            #expect(streamed == (try Self.encoded(item)))
        }
    }

    @Test func arraysOfObjectsAndEncodedPartsMatchTheEncoder() throws {
        let items = (0..<3).map { i in
            Item(
                at: Date(timeIntervalSince1970: Double(i) * 1e9), list: Array(0..<i), name: "n\(i)",
                nothing: i == 1 ? "x" : nil, nested: ["k": Array(repeating: Self.hostile, count: i), "e": []])
        }
        let streamed = try Self.streamed { s in
            s.beginArray()
            for item in items { try s.encode(item) }
            s.int(7)
            s.int(nil)
            s.endArray()
        }
        let expected = try Self.encoded(items).dropLast(2) + ",\n  7,\n  null\n]"
        #expect(streamed == expected)
    }

    @Test func longOutputArrivesWholeAndInOrder() throws {
        var pieces = 0
        var bytes: [UInt8] = []
        var stream = JSONStream {
            pieces += 1
            bytes.append(contentsOf: $0)
        }
        stream.beginArray()
        for i in 0..<20_000 { stream.string("row \(i)") }
        stream.endArray()
        stream.finish()
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String]
        #expect(parsed?.count == 20_000 && parsed?.last == "row 19999")
        #expect(pieces > 1, "flushed in pieces, not held whole")
    }
}
