import CarportCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Pairs Smartcar issued that the store could not take (docs/SMARTCAR.md §4.5): the old refresh
/// token dies when the grace window ends, so such a pair is the only way the connection lives on.
/// Each is sealed with the store key into its own file in `CARPORT_HOME/recovery` (0700), one per
/// connection and attempt, created exclusively, 0600, flushed with its folder before the caller
/// goes on; the next opening of the store adopts it (`SQLiteConnectionStore.adoptRecoveredPairs`).
package struct PairRecovery: Sendable {
    /// One saved pair and the refresh token it replaced.
    package struct Saved: Sendable, Equatable {
        package var connectionId: String
        package var replacing: Secret
        package var tokens: TokenPair
        package var attempt: Date

        package init(connectionId: String, replacing: Secret, tokens: TokenPair, attempt: Date) {
            self.connectionId = connectionId
            self.replacing = replacing
            self.tokens = tokens
            self.attempt = attempt
        }
    }

    /// The file: the connection id in the clear (no secret), the rest sealed.
    private struct Envelope: Codable {
        var version: Int
        var connection: String
        var sealed: Data
    }

    private struct Contents: Codable {
        var replacing: Secret
        var accessToken: Secret
        var refreshToken: Secret
        var issuedAt: Date
        var accessExpiresAt: Date
        var refreshExpiresAt: Date
        var attempt: Date
    }

    package let folder: URL

    package init(home: URL) { folder = home.appendingPathComponent("recovery") }

    static func place(_ connectionId: String) -> Sealer.Place {
        Sealer.Place(table: "recovery", row: connectionId, column: "pair")
    }

    /// Saves a pair Smartcar issued that the store could not take (`keepUnstoredPair`); returns
    /// the file's path.
    package func keep(
        connectionId: String, replacing: Secret, tokens: TokenPair, attempt: Date, sealer: Sealer
    ) throws -> String {
        let saved = Saved(connectionId: connectionId, replacing: replacing, tokens: tokens, attempt: attempt)
        return try save(saved, sealer: sealer).path
    }

    /// Writes `saved` to a new file and returns it.
    package func save(_ saved: Saved, sealer: Sealer) throws -> URL {
        let contents = Contents(
            replacing: saved.replacing, accessToken: saved.tokens.accessToken, refreshToken: saved.tokens.refreshToken,
            issuedAt: saved.tokens.issuedAt, accessExpiresAt: saved.tokens.accessExpiresAt,
            refreshExpiresAt: saved.tokens.refreshExpiresAt, attempt: saved.attempt)
        let sealed = try sealer.seal(try JSONEncoder().encode(contents), at: Self.place(saved.connectionId))
        let data = try JSONEncoder().encode(Envelope(version: 1, connection: saved.connectionId, sealed: sealed))
        try prepareFolder()
        let millis = Int64((saved.attempt.timeIntervalSince1970 * 1000).rounded())
        let name =
            "\(Self.fileSafe(saved.connectionId))-\(millis)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16)).pair"
        let url = folder.appendingPathComponent(name)
        try Self.writeExclusively(data, to: url)
        StoreFiles.syncFolder(folder)
        return url
    }

    /// The saved files, oldest attempt first per connection.
    package func pending() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".pair") }.sorted().map { folder.appendingPathComponent($0) }
    }

    package func read(_ url: URL, sealer: Sealer) throws -> Saved {
        let envelope: Envelope
        let contents: Contents
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(contentsOf: url))
            let plain = try sealer.open(envelope.sealed, at: Self.place(envelope.connection))
            contents = try JSONDecoder().decode(Contents.self, from: plain)
        } catch {
            throw CarportError(
                .corruptStore,
                "The saved pair \(url.path) cannot be read (\((error as? CarportError)?.kind.rawValue ?? "not a saved pair")); it was left in place."
            )
        }
        let tokens = TokenPair(
            accessToken: contents.accessToken, refreshToken: contents.refreshToken, issuedAt: contents.issuedAt,
            accessExpiresAt: contents.accessExpiresAt, refreshExpiresAt: contents.refreshExpiresAt)
        return Saved(
            connectionId: envelope.connection, replacing: contents.replacing, tokens: tokens, attempt: contents.attempt)
    }

    package func remove(_ url: URL) {
        unlink(url.path)
        StoreFiles.syncFolder(folder)
    }

    private func prepareFolder() throws {
        if mkdir(folder.path, 0o700) == 0 {
            StoreFiles.syncFolder(folder.deletingLastPathComponent())
        } else if errno != EEXIST {
            throw CarportError(.store, "Cannot create \(folder.path): \(String(cString: strerror(errno))).")
        }
        try StoreFiles.refuseExposed(folder, folder: true)
        try StoreFiles.refuseForeign(folder, allowRoot: false, folder: true)
    }

    /// O_EXCL and O_NOFOLLOW: never over an existing file, never through a planted link.
    private static func writeExclusively(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CarportError(.store, "Cannot create \(url.path): \(String(cString: strerror(errno))).")
        }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(url.path)
            throw CarportError(.store, "Cannot write \(url.path): \(reason).")
        }
    }

    /// What adopting `saved` (read from `url`) does, given the refresh token its connection holds
    /// now (nil: no connection with a pair): the audit outcome, the sentence, and whether the saved
    /// pair is to be written.
    package static func verdict(_ saved: Saved, url: URL, stored: Secret?) -> (
        outcome: String, sentence: String, adopt: Bool
    ) {
        let id = saved.connectionId
        // A v3 connection has no pair to replace (the id was reused for one, or the file is not ours).
        guard let stored else {
            return (
                "discarded",
                "Connection \(id) is no longer in the store with a pair; the pair saved in \(url.path) was deleted.",
                false
            )
        }
        if stored == saved.tokens.refreshToken {
            return ("already-stored", "The pair saved in \(url.path) for connection \(id) was already stored.", false)
        }
        guard stored == saved.replacing else {
            return (
                "superseded",
                "Connection \(id) has a newer pair than the one saved in \(url.path); kept the newer one and deleted the file.",
                false
            )
        }
        return (
            "adopted", "Stored the new pair of connection \(id) that was saved in \(url.path) when the store failed.",
            true
        )
    }

    /// Connection ids are UUIDs; anything else is hex-encoded so a name never leaves the folder.
    package static func fileSafe(_ id: String) -> String {
        let allowed = id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return allowed && !id.isEmpty ? id : "x" + id.utf8.map { String(format: "%02x", $0) }.joined()
    }
}
