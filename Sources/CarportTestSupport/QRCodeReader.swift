import Foundation

/// Reads a QR code drawn in half blocks (`QRCode.halfBlockLines`) off a terminal's text, as a
/// phone's camera would: each cell becomes two modules of a bitmap (`▀` upper dark, `▄` lower,
/// `█` both, anything else light), written as a PGM image that `zbarimg` (Debian's zbar-tools,
/// which scripts/test installs) decodes.
public enum QRCodeReader {
    /// Pixels per module side.
    static let scale = 8

    /// The text of the one QR code on `screen`.
    public static func decode(screen: String) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carport-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("screen.pgm")
        try bitmap(of: screen).write(to: image)
        let result = try await ChildProcess.run(
            "zbarimg", ["--quiet", "--raw", image.path],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"], timeout: 60)
        guard result.status == 0 else {
            throw CarportTestError("zbarimg found no QR code (exit \(result.status)): \(result.stderr)\n\(screen)")
        }
        return result.stdout.hasSuffix("\n") ? String(result.stdout.dropLast()) : result.stdout
    }

    /// The screen as a binary PGM: dark modules black, the rest white, with a white border.
    static func bitmap(of screen: String) -> Data {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let border = 8
        let columns = (lines.map(\.count).max() ?? 0) + 2 * border
        var rows: [[Bool]] = Array(repeating: Array(repeating: false, count: columns), count: border)
        for line in lines {
            var upper = Array(repeating: false, count: columns)
            var lower = upper
            for (x, scalar) in line.enumerated() {
                upper[border + x] = scalar == "█" || scalar == "▀"
                lower[border + x] = scalar == "█" || scalar == "▄"
            }
            rows += [upper, lower]
        }
        rows += Array(repeating: Array(repeating: false, count: columns), count: border)
        var pixels = Data("P5 \(columns * scale) \(rows.count * scale) 255\n".utf8)
        for row in rows {
            let line = row.flatMap { Array(repeating: $0 ? UInt8(0) : 255, count: scale) }
            for _ in 0..<scale { pixels.append(contentsOf: line) }
        }
        return pixels
    }
}
