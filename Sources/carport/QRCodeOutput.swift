import CarportApp
import CarportCore
import CarportTUI
import CarportTerminal
import Foundation

/// `--qr`: a URL as a QR code in half blocks, painted black on white whatever the terminal's theme
/// and also under `NO_COLOR` (the two tones are the code; `Role.qrCode`). Printed whatever the
/// terminal's size: a Connect URL needs about 75 columns and 39 rows.
enum QRCodeOutput {
    static func text(for url: URL) -> String {
        let code: QRCode
        do {
            code = try QRCode.encoding(url.absoluteString)
        } catch {
            return "No QR code: \(error)\n"
        }
        let paint = Palette.colour.style(.qrCode).sgrParameters
        return code.halfBlockLines.map { "\u{1B}[\(paint)m\($0)\u{1B}[0m\n" }.joined()
    }
}
