import CarportCore
import Crypto
import Foundation

/// A store as the application holds it: the port, and what only an operator's command needs of
/// it. Two backends: the SQLite file in `CARPORT_HOME` (`SQLiteConnectionStore`) and the team
/// store on PostgreSQL (CarportPostgres, docs/TEAM-STORE.md).
public protocol StoreBackend: ConnectionStore {
    /// The files this machine keeps whichever backend holds the rows: the key, recovery files of
    /// pairs not stored yet, and the record of the last `refresh --due`.
    var files: StoreFiles { get }
    /// Where the rows are, for messages: `the store /path/carport.sqlite` or `the database user@host:port/db`.
    var location: String { get }
    /// A short keyed fingerprint of a token, for the audit log and `carport audit`.
    func fingerprint(_ secret: Secret) -> String
    /// The store's key named by its key check, the same on every machine that shares the store.
    var keyFingerprint: String { get }
    /// Re-seals every secret under `newKey` in one transaction; returns how many connections.
    func rekey(to newKey: StoreKey) async throws -> Int
    /// "ok" for a sound store, else what is wrong (`carport doctor`).
    func integrityCheck() async throws -> String
    /// What the store occupies, in bytes.
    func sizeInBytes() async throws -> Int?
    func close() async throws
}

/// The first six bytes of SHA-256 over a key-check value: names a key without showing it, so
/// operators on several machines can tell whether they hold the same one.
package func keyCheckFingerprint(_ check: Data) -> String {
    Hex.lower(SHA256.hash(data: check).prefix(6))
}

extension StoreBackend {
    public func rekey() async throws -> Int { try await rekey(to: .generate()) }
}
