import CarportCore
import CarportPostgres
import CarportStore
import Foundation

/// The store the configuration names: the team store on PostgreSQL when `CARPORT_DATABASE_URL`
/// (or `database_url`) is set, else the SQLite file in `CARPORT_HOME` (docs/TEAM-STORE.md). Both
/// keep the key, recovery files and the last `refresh --due` record in `CARPORT_HOME`.
public func openStore(_ configuration: Configuration, clock: any WallClock, osUser: String) async throws
    -> any StoreBackend
{
    let files = StoreFiles(home: configuration.home, keyFile: configuration.keyFile)
    guard let url = configuration.databaseURL else {
        return try SQLiteConnectionStore.open(files: files, clock: clock, osUser: osUser)
    }
    return try await PostgresConnectionStore.open(
        database: try configuration.database(url, setting: nil), files: files, clock: clock, osUser: osUser)
}

extension Configuration {
    /// The team store's address with its password; a password file others can read is refused.
    /// `setting` names where `url` came from when not from `CARPORT_DATABASE_URL` (an option).
    func database(_ url: String, setting: String?) throws -> PostgresLocation {
        if let file = databasePasswordFile { try StoreFiles.refuseExposed(file) }
        let named = setting ?? "\(Settings.databaseURL.variable) (or `\(Settings.databaseURL.fileKey)` in config.toml)"
        return try PostgresLocation.parse(url, password: databasePassword, setting: named)
    }
}
