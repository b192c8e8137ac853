import CarportCore
import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The 256-bit AES key that seals every secret in the store. On disk it is one line of base64
/// in a file of mode 0600.
public struct StoreKey: Sendable {
    let symmetric: SymmetricKey

    init(_ symmetric: SymmetricKey) { self.symmetric = symmetric }

    /// A new random key.
    public static func generate() -> StoreKey { StoreKey(SymmetricKey(size: .bits256)) }

    /// Reads the key at `url`, refusing a file that others can read or another user owns. Only a
    /// key the operator named (`CARPORT_KEY_FILE`) may be a symlink or belong to root.
    package static func read(_ url: URL, named: Bool = false) throws -> StoreKey {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC | (named ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { throw StoreFiles.openError(url) }
        defer { close(fd) }
        try StoreFiles.refuseUnsafe(fd, url, allowRoot: named)
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = Glibc.read(fd, &bytes, bytes.count)
        guard count >= 0 else {
            throw CarportError(.store, "Cannot read the key file \(url.path): \(String(cString: strerror(errno))).")
        }
        let text = String(decoding: bytes[..<count], as: UTF8.self)
        guard let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32
        else {
            throw CarportError(
                .wrongKey,
                """
                The key file \(url.path) does not hold a 256-bit key (one line of base64). \
                Restore it from your backup, or point CARPORT_KEY_FILE at the right file.
                """)
        }
        return StoreKey(SymmetricKey(data: key))
    }

    /// Places this key at `url`: written whole to a new file beside it, then moved over `url`, so
    /// that a reader never sees part of a key; the folder is flushed.
    package func write(to url: URL) throws {
        let temp = try writeBeside(url)
        defer { unlink(temp.path) }
        guard rename(temp.path, url.path) == 0 else {
            throw CarportError(.store, "Cannot write the key file \(url.path): \(String(cString: strerror(errno))).")
        }
        StoreFiles.syncFolder(url.deletingLastPathComponent())
    }

    /// The key at `url`: this one, put there with `link` (which never replaces a file), or the
    /// one another process put there first, read whole. Never two keys for one store.
    package func createOrAdopt(_ url: URL, named: Bool) throws -> StoreKey {
        let temp = try writeBeside(url)
        defer { unlink(temp.path) }
        guard link(temp.path, url.path) == 0 else {
            guard errno == EEXIST else {
                throw CarportError(
                    .store, "Cannot create the key file \(url.path): \(String(cString: strerror(errno))).")
            }
            return try Self.read(url, named: named)
        }
        StoreFiles.syncFolder(url.deletingLastPathComponent())
        return self
    }

    /// Writes the key (mode 0600, flushed) to a new, uniquely named file in `url`'s folder.
    private func writeBeside(_ url: URL) throws -> URL {
        let temp = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let line = symmetric.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        try StoreFiles.writeNew(Data(line.utf8), to: temp)
        return temp
    }

    /// A key derived for one purpose (HKDF-SHA256), so that no two uses share key material.
    func derived(_ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: symmetric, info: Data("carport/\(purpose)".utf8), outputByteCount: 32)
    }
}
