import CarportCore
import Crypto
import Foundation

/// The 256-bit AES key that seals every secret in the store. On disk it is one line of base64
/// in a file of mode 0600.
public struct StoreKey: Sendable {
    let symmetric: SymmetricKey

    init(_ symmetric: SymmetricKey) { self.symmetric = symmetric }

    /// A new random key.
    public static func generate() -> StoreKey { StoreKey(SymmetricKey(size: .bits256)) }

    /// Reads the key at `url`, refusing a file that others can read.
    static func read(_ url: URL) throws -> StoreKey {
        try StoreFiles.refuseExposed(url)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CarportError(.store, "Cannot read the key file \(url.path): \(error.localizedDescription)")
        }
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            bytes.count == 32
        else {
            throw CarportError(
                .wrongKey,
                """
                The key file \(url.path) does not hold a 256-bit key (one line of base64). \
                Restore it from your backup, or point CARPORT_KEY_FILE at the right file.
                """)
        }
        return StoreKey(SymmetricKey(data: bytes))
    }

    /// Writes the key (mode 0600) and flushes it.
    func write(to url: URL) throws {
        let line = symmetric.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        try StoreFiles.writeDurably(Data(line.utf8), to: url)
    }

    /// A key derived for one purpose (HKDF-SHA256), so that no two uses share key material.
    func derived(_ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: symmetric, info: Data("carport/\(purpose)".utf8), outputByteCount: 32)
    }
}
