import CarportCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes `carport metrics --output FILE` the way node_exporter's textfile collector requires: to
/// a new file beside FILE (a name the collector ignores), flushed, then renamed over FILE, so the
/// collector never reads half a file. Mode 0644: the collector runs as another user, and the text
/// holds counts only.
public enum TextfileWriter {
    public static func write(_ text: String, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).tmp")
        unlink(temporary.path) // left by a process that died with this pid
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(url) }
        let bytes = Array(text.utf8)
        let written = fchmod(fd, 0o644) == 0 && Glibc.write(fd, bytes, bytes.count) == bytes.count && fsync(fd) == 0
        let error = written ? nil : failure(url)
        close(fd)
        guard error == nil, rename(temporary.path, url.path) == 0 else {
            let error = error ?? failure(url)
            unlink(temporary.path)
            throw error
        }
    }

    private static func failure(_ url: URL) -> CarportError {
        CarportError(.usage, "Cannot write \(url.path): \(String(cString: strerror(errno))).")
    }
}
