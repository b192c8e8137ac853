import CQRencode
import CarportCore

extension QRCode {
    /// `text` as a QR code of the smallest version that holds it, at error-correction level L
    /// (a screen is not a scuffed label; L keeps a 380-byte Connect URL within 69 modules).
    public static func encoding(_ text: String) throws -> QRCode {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1) else {
            throw CarportError(
                .internal, "The QR code could not be made: the text is too long (\(text.utf8.count) bytes).")
        }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        // Bit 0 of each byte is the module's colour (qrencode.h): 1 is dark.
        let modules = (0..<size * size).map { code.pointee.data[$0] & 1 == 1 }
        return QRCode(size: size, modules: modules)
    }
}
