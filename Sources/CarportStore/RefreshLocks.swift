import CarportCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Per-connection refresh locks: an in-process queue (tasks of this process take turns) over an
/// `fcntl` byte-range write lock on one lock file (processes take turns). The OS drops the
/// locks when the process dies, so a killed refresher never blocks the next one.
/// Each connection id maps to one byte of the file (a 62-bit hash), so locks on different
/// connections never wait for each other.
///
/// On Linux these are open-file-description locks (`F_OFD_SETLK`), which belong to the open file
/// rather than the whole process (closing any other descriptor of the file cannot drop them) and
/// still conflict with classic locks taken by other programs. A lock another process holds is
/// polled for, never waited on in the kernel (see `lockByte`).
package final class RefreshLocks: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private let local = LocalLocks()
    private let mutex = NSLock()
    private var pollers = 0

    init(file: URL) throws {
        path = file.path
        fd = try StoreFiles.openPrivate(file)
    }

    deinit { close(fd) }

    func withLock<T: Sendable>(_ id: String, _ body: () async throws -> T) async throws -> T {
        await local.acquire(id)
        defer { local.release(id) }
        let offset = Self.offset(of: id)
        try await lockByte(offset)
        defer { _ = setLock(F_UNLCK, offset) }
        return try await body()
    }

    // MARK: Between processes

    /// Another process holds the byte: try again after a pause that grows to 50 ms. Polling, not
    /// a blocking `F_OFD_SETLKW`: a thread parked per waiting connection could use up the threads
    /// the holders need to finish (up to 4 × 64 connections wait at once).
    private func lockByte(_ offset: off_t) async throws {
        if setLock(F_WRLCK, offset) == 0 { return }
        mutex.withLock { pollers += 1 }
        defer { mutex.withLock { pollers -= 1 } }
        var pause: UInt64 = 1_000_000
        while setLock(F_WRLCK, offset) != 0 {
            guard errno == EAGAIN || errno == EACCES || errno == EINTR else { throw lockError() }
            try await Task.sleep(nanoseconds: pause)
            pause = min(pause * 2, 50_000_000)
        }
    }

    /// How many connections of this process are waiting for another process to let go.
    var waitingForOtherProcesses: Int { mutex.withLock { pollers } }

    private func setLock(_ type: Int32, _ offset: off_t) -> Int32 {
        var request = flock()
        request.l_type = Int16(type)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = offset
        request.l_len = 1
        return fcntl(fd, Self.setLock, &request)
    }

    #if os(Linux)
        /// `F_OFD_SETLK` (linux/fcntl.h), which Glibc does not export to Swift.
        static let setLock: Int32 = 37
    #else
        static let setLock = F_SETLK
    #endif

    private func lockError() -> CarportError {
        CarportError(.store, "Cannot lock \(path): \(String(cString: strerror(errno))).")
    }

    /// FNV-1a of the id, kept within a positive `off_t`.
    static func offset(of id: String) -> off_t { off_t(fnv1a(id) & 0x3FFF_FFFF_FFFF_FFFF) }

    /// FNV-1a, 64 bits: a lock's number for an id, the same on every machine.
    package static func fnv1a(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
