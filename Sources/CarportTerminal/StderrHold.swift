import CarportCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Holds a descriptor (stderr) aside while curses owns the screen, as htop does: the descriptor is
/// pointed at a private temporary file, created 0600 and unlinked at once, so a stray write from any
/// library cannot smear the UI. `restore()` points it back and replays what was written meanwhile
/// (the last `replayLimit` bytes), so nothing is lost. The fatal-signal path does the same in C
/// (`SignalTrap.install(holding:)`), with the descriptors this type exposes.
public final class StderrHold: @unchecked Sendable {
    // @unchecked: the descriptors change only in `restore()`, under `lock`.
    public static let defaultReplayLimit = 64 * 1024

    /// The descriptor that is held (2 for stderr).
    public let target: Int32
    /// How many bytes, at most, are replayed; older output is dropped with a note.
    public let replayLimit: Int
    /// A `dup` of the original target; -1 once restored.
    public private(set) var saved: Int32
    /// The unlinked temporary file the target points at meanwhile; -1 once restored.
    public private(set) var spool: Int32
    private let lock = NSLock()

    /// Points `target` at a fresh private temporary file in `directory`.
    public init(
        target: Int32 = STDERR_FILENO, replayLimit: Int = defaultReplayLimit,
        directory: String = NSTemporaryDirectory()
    ) throws {
        self.target = target
        self.replayLimit = replayLimit
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
        template += Array("carport-stderr.XXXXXX".utf8CString)
        let spool = mkstemp(&template)
        guard spool >= 0 else { throw Self.failure("create a temporary file in \(directory)") }
        unlink(template)
        fflush(nil)
        let saved = dup(target)
        guard saved >= 0, dup2(spool, target) >= 0 else {
            let error = Self.failure("hold descriptor \(target) aside")
            if saved >= 0 { close(saved) }
            close(spool)
            throw error
        }
        self.saved = saved
        self.spool = spool
    }

    deinit { restore() }

    /// Points the target back at the original and replays what was written meanwhile. Idempotent.
    public func restore() {
        lock.lock()
        defer { lock.unlock() }
        guard saved >= 0 else { return }
        fflush(nil)
        while dup2(saved, target) < 0 && errno == EINTR {}
        close(saved)
        saved = -1
        replay()
        close(spool)
        spool = -1
    }

    /// Writes the spool's last `replayLimit` bytes to the target, starting at a line when some are dropped.
    private func replay() {
        let end = lseek(spool, 0, SEEK_END)
        guard end > 0 else { return }
        // When some are dropped, read one byte before the window to tell whether it starts at a line.
        let truncated = Int(end) > replayLimit
        let start = truncated ? Int(end) - replayLimit - 1 : 0
        guard lseek(spool, off_t(start), SEEK_SET) == off_t(start) else { return }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(spool, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        if truncated {
            // No line end in the window at all: keep the window, cut mid-line.
            let firstLine = min(bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 1, bytes.count)
            let dropped = start + firstLine
            bytes.removeFirst(firstLine)
            writeAll(Array("[carport: \(dropped) earlier bytes of stderr output were dropped]\n".utf8))
        }
        writeAll(bytes)
    }

    private func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(target, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    private static func failure(_ doing: String) -> CarportError {
        CarportError(.usage, "Cannot \(doing): \(String(cString: strerror(errno))).")
    }
}
