import CarportCore
import CarportPostgres
import CarportStore
import Foundation

/// `carport store copy --to URL`: this machine's SQLite store into an empty team store.
public enum StoreCopy {
    /// Copies and checks; returns what to print.
    public static func run(to url: String, environment: [String: String], clock: any WallClock = SystemClock())
        async throws -> String
    {
        let configuration = try Configuration.load(environment: environment)
        let files = StoreFiles(home: configuration.home, keyFile: configuration.keyFile)
        guard FileManager.default.fileExists(atPath: files.database.path) else {
            throw CarportError(
                .notFound,
                "There is no store at \(files.database.path) to copy; CARPORT_HOME names the folder that has one.")
        }
        let source = try SQLiteConnectionStore.open(files: files, clock: clock, osUser: Carport.osUser(environment))
        defer { try? source.close() }
        let database = try configuration.database(url, setting: "--to")
        let counts = try await PostgresConnectionStore.copy(
            from: source, to: database, clock: clock, osUser: Carport.osUser(environment))
        let rows = Dictionary(counts.map { ($0.table, $0.rows) }, uniquingKeysWith: { a, _ in a })
        return """
            Copied \(rows["connections"] ?? 0) connections, \(rows["vehicles"] ?? 0) vehicles, \
            \(rows["audit_log"] ?? 0) audit entries and \(rows["app_tokens"] ?? 0) app tokens from \
            \(files.database.path) to \(database); the counts match and every sealed value opens.
            Next: set CARPORT_DATABASE_URL=\(url) on every machine of the team, and give each a copy of \
            the key \(files.key.path) (key check \(source.keyFingerprint)), mode 0600, \
            named by CARPORT_KEY_FILE. This store is left as it was; keep it as a backup until the team store works.
            """
    }
}
