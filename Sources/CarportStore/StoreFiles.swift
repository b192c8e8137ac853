import CarportCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the store lives and the file-mode rules of the README's security model: the folder 0700, the database
/// and the key 0600. A path that others can read is refused the way ssh refuses a private key.
public struct StoreFiles: Sendable, Equatable {
    public var home: URL
    public var database: URL
    public var key: URL
    /// The refresh lock file (byte-range locks, docs/CODEBASE.md).
    public var lock: URL

    public init(home: URL, keyFile: URL? = nil) {
        self.home = home
        database = home.appendingPathComponent("carport.sqlite")
        key = keyFile ?? home.appendingPathComponent("key")
        lock = home.appendingPathComponent("refresh.lock")
    }

    /// The key file a rekey writes before its transaction and renames after it.
    var pendingKey: URL { key.appendingPathExtension("new") }

    /// Creates the folder (0700) when missing; refuses one that others can enter.
    func prepareHome() throws {
        if !FileManager.default.fileExists(atPath: home.path) {
            do {
                try FileManager.default.createDirectory(
                    at: home, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw CarportError(.store, "Cannot create the data folder \(home.path): \(error.localizedDescription)")
            }
        }
        try Self.refuseExposed(home, folder: true)
    }

    /// Throws `.unsafePermissions` when group or others have any access to `url`.
    public static func refuseExposed(_ url: URL, folder: Bool = false) throws {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw CarportError(.store, "Cannot read the mode of \(url.path): \(String(cString: strerror(errno))).")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0 else { return }
        let wanted = folder ? "700" : "600"
        throw CarportError(
            .unsafePermissions,
            """
            Permissions \(String(format: "%04o", mode)) for '\(url.path)' are too open.
            Carport's \(folder ? "data folder" : "store and key files") must not be accessible by others: they hold customers' tokens.
            Fix it with: chmod \(wanted) '\(url.path)'
            """)
    }

    /// Creates an empty file with mode 0600 (not subject to the umask) if it does not exist.
    static func createPrivateFile(_ url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw CarportError(.store, "Cannot create \(url.path): \(String(cString: strerror(errno))).")
        }
        fchmod(fd, 0o600)
        close(fd)
    }

    /// Writes `data` to `url` (mode 0600) and flushes it to disk before returning.
    static func writeDurably(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CarportError(.store, "Cannot write \(url.path): \(String(cString: strerror(errno))).")
        }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(fd) == 0 else {
            throw CarportError(.store, "Cannot write \(url.path): \(String(cString: strerror(errno))).")
        }
    }

    /// Flushes a folder so that a rename in it survives a crash.
    static func syncFolder(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
