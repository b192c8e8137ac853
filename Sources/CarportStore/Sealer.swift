import CarportCore
import Crypto
import Foundation

/// AES-GCM sealing of the store's secrets. The additional data names the table, the row and the
/// column, so a value copied to another row or column, or edited, fails to open.
public struct Sealer: Sendable {
    /// Where a sealed value belongs.
    public struct Place: Sendable, Equatable, CustomStringConvertible {
        public var table: String
        public var row: String
        public var column: String

        public init(table: String, row: String, column: String) {
            self.table = table
            self.row = row
            self.column = column
        }

        public var description: String { "\(table)/\(row)/\(column)" }
        var additionalData: Data { Data("carport/v1/\(table)/\(row.utf8.count):\(row)/\(column)".utf8) }

        package static func connection(_ id: String, _ column: String) -> Place {
            Place(table: "connections", row: id, column: column)
        }
        package static func appToken(_ clientId: String) -> Place {
            Place(table: "app_tokens", row: clientId, column: "token")
        }
        /// The key-check value's place in the `meta` table.
        package static let keyCheck = Place(table: "meta", row: "key-check", column: "value")
    }

    static let keyCheckPlaintext = Data("carport key check v1".utf8)

    private let key: SymmetricKey
    private let fingerprintKey: SymmetricKey

    public init(key: StoreKey) {
        self.key = key.symmetric
        fingerprintKey = key.derived("token-fingerprint/v1")
    }

    /// Nonce, ciphertext and tag, in one blob.
    public func seal(_ plaintext: Data, at place: Place) throws -> Data {
        do {
            return try AES.GCM.seal(plaintext, using: key, authenticating: place.additionalData).combined!
        } catch {
            throw CarportError(.internal, "Sealing \(place) failed: \(error).")
        }
    }

    public func seal(_ secret: Secret, at place: Place) throws -> Data {
        try seal(Data(secret.reveal().utf8), at: place)
    }

    /// Throws `.corruptStore` when the blob was edited, moved or sealed under another key.
    public func open(_ blob: Data, at place: Place) throws -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: blob), using: key, authenticating: place.additionalData)
        } catch {
            throw CarportError(
                .corruptStore,
                """
                The sealed value \(place) does not open: it was edited or moved to another row. \
                Restore the store from a backup, or reconnect this customer (carport reauth).
                """)
        }
    }

    public func openSecret(_ blob: Data, at place: Place) throws -> Secret {
        guard let text = String(data: try open(blob, at: place), encoding: .utf8) else {
            throw CarportError(.corruptStore, "The sealed value \(place) is not text.")
        }
        return Secret(text)
    }

    /// Whether `blob` is the key-check value sealed under this key.
    package func matchesKeyCheck(_ blob: Data) -> Bool {
        (try? open(blob, at: .keyCheck)) == Self.keyCheckPlaintext
    }

    package func keyCheck() throws -> Data { try seal(Self.keyCheckPlaintext, at: .keyCheck) }

    /// A short keyed fingerprint of a token (HMAC-SHA256 under a key derived from the store key),
    /// for the audit log and for telling two tokens apart on screen. Never reversible.
    public func fingerprint(_ secret: Secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(secret.reveal().utf8), using: fingerprintKey)
        return Hex.lower(mac.prefix(6))
    }
}
