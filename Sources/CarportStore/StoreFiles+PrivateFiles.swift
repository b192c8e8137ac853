import CarportCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The files Carport creates itself (the key, `key.new`, the lock file): made with
/// `O_CREAT|O_EXCL|O_NOFOLLOW` and mode 0600, never through a symlink another user planted, and
/// refused when another user owns them.
extension StoreFiles {
    /// Opens `url` read-write, creating it (0600) when missing; refuses a symlink, a file that is
    /// not a regular one, another user's file and one that others can read. The caller closes it.
    static func openPrivate(_ url: URL) throws -> Int32 {
        var fd = open(url.path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd >= 0 {
            fchmod(fd, 0o600)
        } else if errno == EEXIST {
            fd = open(url.path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        }
        guard fd >= 0 else { throw openError(url) }
        do {
            try refuseUnsafe(fd, url, allowRoot: false)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Creates an empty private file if it does not exist (see `openPrivate`).
    static func createPrivateFile(_ url: URL) throws { close(try openPrivate(url)) }

    /// Refuses what `fd` is open on unless it is a regular file of this user (or of root when
    /// `allowRoot`) that nobody else can access.
    static func refuseUnsafe(_ fd: Int32, _ url: URL, allowRoot: Bool) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw CarportError(.store, "Cannot read the mode of \(url.path): \(String(cString: strerror(errno))).")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CarportError(.unsafePermissions, "'\(url.path)' is not a regular file; move it aside.")
        }
        if let error = foreign(info, url, allowRoot: allowRoot, folder: false) { throw error }
        if let error = exposed(info, url, folder: false) { throw error }
    }

    /// Refuses a store file (the database, its WAL and shared memory) that is a symlink, belongs
    /// to another user or is open to others.
    static func refuseUnsafeStoreFile(_ url: URL) throws {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT != S_IFLNK else { throw symlinkError(url) }
        if let error = foreign(info, url, allowRoot: false, folder: false) { throw error }
        if let error = exposed(info, url, folder: false) { throw error }
    }

    static func openError(_ url: URL) -> CarportError {
        if errno == ELOOP { return symlinkError(url) }
        return CarportError(.store, "Cannot open \(url.path): \(String(cString: strerror(errno))).")
    }

    static func symlinkError(_ url: URL) -> CarportError {
        CarportError(
            .unsafePermissions,
            """
            '\(url.path)' is a symbolic link. Carport never follows one to a file it keeps itself: another user \
            could point it at a file of yours. Remove it (rm '\(url.path)') and run carport again.
            """)
    }

    /// Writes `data` to a new file at `url` (0600, `O_EXCL|O_NOFOLLOW`) and flushes it.
    static func writeNew(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw openError(url) }
        defer { close(fd) }
        try writeAll(data, fd, url)
    }

    /// Writes `data` to `url` (mode 0600, never through a symlink) and flushes it to disk.
    static func writeDurably(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw openError(url) }
        defer { close(fd) }
        try writeAll(data, fd, url)
    }

    private static func writeAll(_ data: Data, _ fd: Int32, _ url: URL) throws {
        fchmod(fd, 0o600)
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(fd) == 0 else {
            throw CarportError(.store, "Cannot write \(url.path): \(String(cString: strerror(errno))).")
        }
    }

    /// Flushes a folder so that a file created or renamed in it survives a crash.
    static func syncFolder(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Runs `body` holding an exclusive `flock` on the lock file, which openers of this store take
    /// around its first use (schema, key, key check) so that they see one key and one schema.
    /// Independent of the refresh locks' byte-range locks on the same file.
    func withFirstUseLock<T>(_ body: () throws -> T) throws -> T {
        let fd = try Self.openPrivate(lock)
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw CarportError(.store, "Cannot lock \(lock.path): \(String(cString: strerror(errno))).")
            }
        }
        return try body()
    }
}
