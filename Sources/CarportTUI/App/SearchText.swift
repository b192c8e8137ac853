import Foundation

/// The filter's text of every vehicle's unchanging columns, folded (lower case, no accents) into
/// one buffer: a keystroke searches it with `memmem` rather than 100,000 Swift strings
/// (docs/CODEBASE.md, "Fleet scale").
struct SearchText: Sendable, Equatable {
    /// Each row's text, then a 0 byte (no folded text contains one).
    private var bytes: [UInt8] = []
    /// Where each row starts in `bytes`; one more entry at the end.
    private var starts: [Int32] = [0]

    var count: Int { starts.count - 1 }

    mutating func append(_ fields: [String]) {
        for var field in fields {
            let ascii = field.withUTF8 { utf8 in // the common case, without Foundation
                guard !utf8.contains(where: { $0 >= 0x80 }) else { return false }
                for byte in utf8 { bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) }
                return true
            }
            if !ascii { bytes.append(contentsOf: Self.fold(field).utf8) }
            bytes.append(0x1F)
        }
        bytes.append(0)
        starts.append(Int32(bytes.count))
    }

    /// How the filter compares text: case and accents ignored.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }

    /// Marks in `matches` (one per row) the rows whose text contains `needle` (already folded).
    func mark(_ needle: String, in matches: inout [Bool]) {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { haystack in
            pattern.withUnsafeBytes { wanted in
                let base = haystack.baseAddress!
                let end = haystack.count - pattern.count
                var offset = 0
                var row = 0
                while offset <= end, let hit = memchr(base + offset, Int32(first), end - offset + 1) {
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    guard memcmp(hit, wanted.baseAddress!, pattern.count) == 0 else {
                        offset = at + 1
                        continue
                    }
                    while Int(starts[row + 1]) <= at { row += 1 }
                    matches[row] = true
                    offset = Int(starts[row + 1]) // the next row: one mark per row is enough
                }
            }
        }
    }
}
