import CarportCore
import Foundation
import GRDB

/// The store key as this process knows it, kept in step with the store. `carport rekey` in
/// another process changes the key-check value; the next transaction here sees it and loads the
/// new key (from `key`, or from `key.new` before the rekey's rename), so nothing is ever sealed
/// under a key the store no longer uses.
package final class KeyRing: @unchecked Sendable {
    private let files: StoreFiles
    private let lock = NSLock()
    private var check: Data
    private var sealer: Sealer

    package init(files: StoreFiles, check: Data, sealer: Sealer) {
        self.files = files
        self.check = check
        self.sealer = sealer
    }

    /// Names the store's key by its check (`keyCheckFingerprint`), never by the key.
    package var checkFingerprint: String { keyCheckFingerprint(lock.withLock { check }) }

    /// The sealer of the last key seen; for fingerprints, which need no transaction.
    package var current: Sealer { lock.withLock { sealer } }

    /// The sealer that matches the key-check value in `db`, read in the caller's transaction.
    func sealer(for db: Database) throws -> Sealer {
        guard let stored = try Data.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'key-check'"))
        else {
            throw CarportError(.corruptStore, "The store has lost its key-check value; restore it from a backup.")
        }
        return try sealer(matching: stored)
    }

    /// The sealer whose key matches the key-check value `stored`, as the store holds it now.
    package func sealer(matching stored: Data) throws -> Sealer {
        if let known = lock.withLock({ stored == check ? sealer : nil }) { return known }
        for (url, named) in [(files.key, files.keyIsNamed), (files.pendingKey, false)]
        where FileManager.default.fileExists(atPath: url.path) {
            let candidate = Sealer(key: try StoreKey.read(url, named: named))
            if candidate.matchesKeyCheck(stored) {
                adopt(check: stored, sealer: candidate)
                return candidate
            }
        }
        throw CarportError(
            .wrongKey,
            """
            The store was re-keyed by another carport and \(files.key.path) does not open it. \
            Use the key the store was re-keyed with (CARPORT_KEY_FILE).
            """)
    }

    package func adopt(check: Data, sealer: Sealer) {
        lock.withLock {
            self.check = check
            self.sealer = sealer
        }
    }
}
