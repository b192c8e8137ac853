import CarportCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The last `carport refresh --due` run, for `carport metrics` (README, "Metrics"). The store's
/// rows cannot tell one run from another: the UI's background round and `refresh --all` write the
/// same per-connection records and audit entries, and a run with nothing due writes none. So each
/// run is recorded here, in `CARPORT_HOME/refresh-due.json` (0600), written whole and renamed
/// into place.
public struct RefreshDueRecord: Codable, Sendable, Equatable {
    /// When the last run ended.
    public var finishedAt: Date
    /// How many connections the last run ended with each outcome (`RefreshResult.Outcome`'s raw value).
    public var outcomes: [String: Int]
    /// When the last successful run ended: one where no connection failed, needed re-authentication
    /// or lost an answer (exit code 0). Nil until there was one.
    public var lastSuccessAt: Date?

    public init(finishedAt: Date, outcomes: [String: Int], lastSuccessAt: Date?) {
        self.finishedAt = finishedAt
        self.outcomes = outcomes
        self.lastSuccessAt = lastSuccessAt
    }
}

extension StoreFiles {
    public var refreshDueRecord: URL { home.appendingPathComponent("refresh-due.json") }

    /// The recorded run, or nil when none was recorded. Refuses a file that is a symlink, another
    /// user's, or readable by others, like every file Carport keeps.
    public func readRefreshDueRecord() throws -> RefreshDueRecord? {
        let url = refreshDueRecord
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw Self.openError(url)
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try Self.refuseUnsafe(fd, url, allowRoot: false)
        guard let data = try? handle.readToEnd(),
            let record = try? Self.decoder.decode(RefreshDueRecord.self, from: data)
        else {
            throw CarportError(
                .store, "\(url.path) is damaged; delete it (the next `carport refresh --due` writes a new one).")
        }
        return record
    }

    /// Writes `record` to a new private file beside the old one, flushes it and renames it over
    /// the old one, so a reader sees the old record or the new one, never a part.
    public func writeRefreshDueRecord(_ record: RefreshDueRecord) throws {
        let url = refreshDueRecord
        let temporary = home.appendingPathComponent("refresh-due.json.\(getpid()).tmp")
        unlink(temporary.path) // left by a process that died with this pid
        do {
            try Self.writeNew(try Self.encoder.encode(record), to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw CarportError(.store, "Cannot write \(url.path): \(String(cString: strerror(errno))).")
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
        Self.syncFolder(home)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
