import Foundation

/// The throw-away PostgreSQL cluster `scripts/pg-cluster start` made for the team-store tests
/// (`scripts/test` starts it and exports its `CARPORT_TEST_PG_*` variables). Each test gets a
/// database of its own. Without the cluster a test that needs it fails, never skips.
public struct TeamDatabase: Sendable {
    /// `postgres://carport@127.0.0.1:PORT/NAME`.
    public let url: String
    public let name: String
    public let password: String
    let server: Server

    struct Server: Sendable {
        var port: String
        var password: String
        var folder: String
    }

    static func server() throws -> Server {
        let env = ProcessInfo.processInfo.environment
        guard let port = env["CARPORT_TEST_PG_PORT"], let password = env["CARPORT_TEST_PG_PASSWORD"],
            let folder = env["CARPORT_TEST_PG_DIR"]
        else {
            throw CarportTestError(
                "No PostgreSQL for the team-store tests: run scripts/test, or eval \"$(scripts/pg-cluster start)\" first."
            )
        }
        return Server(port: port, password: password, folder: folder)
    }

    /// A new, empty database on the test cluster.
    public static func create() async throws -> TeamDatabase {
        let server = try server()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await psql(server, "CREATE DATABASE \(name)")
        return TeamDatabase(
            url: "postgres://carport@127.0.0.1:\(server.port)/\(name)", name: name, password: server.password,
            server: server)
    }

    /// What a carport needs to use this database as its store.
    public var environment: [String: String] { ["CARPORT_DATABASE_URL": url, "PGPASSWORD": password] }

    public func drop() async {
        _ = try? await Self.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// One SQL statement in this database; its rows as `|`-separated lines.
    public func query(_ sql: String) async throws -> String {
        try await Self.psql(server, sql, database: name)
    }

    /// Ends the database sessions that hold advisory locks in this database (each carport's lock
    /// session), as a restart or a network failure would; their processes go on.
    public func endLockSessions() async throws {
        _ = try await query(
            """
            SELECT pg_terminate_backend(pid) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()
            """)
    }

    /// `pg_dump` of this database, as SQL text (without the random `\restrict` key lines it adds
    /// to each dump, so two dumps of the same data are equal).
    public func dump() async throws -> String {
        let result = try await ChildProcess.run(
            "pg_dump", ["-h", "127.0.0.1", "-p", server.port, "-U", "carport", name],
            environment: ["PGPASSWORD": server.password, "PATH": "/usr/bin:/bin"])
        guard result.status == 0 else { throw CarportTestError("pg_dump failed: \(result.stderr)") }
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }.joined(separator: "\n")
    }

    /// An immediate restart of the whole cluster, as a crashing database server would do.
    public func restartServer() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../scripts/pg-cluster"
        ).standardized.path
        let result = try await ChildProcess.run(
            script, ["restart", server.folder], environment: ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"])
        guard result.status == 0 else { throw CarportTestError("restart failed: \(result.stderr)") }
    }

    @discardableResult
    static func psql(_ server: Server, _ sql: String, database: String = "postgres") async throws -> String {
        let result = try await ChildProcess.run(
            "psql",
            [
                "-h", "127.0.0.1", "-p", server.port, "-U", "carport", "-d", database, "-AtqX", "-v", "ON_ERROR_STOP=1",
                "-c", sql,
            ],
            environment: ["PGPASSWORD": server.password, "PATH": "/usr/bin:/bin"])
        guard result.status == 0 else { throw CarportTestError("psql `\(sql)` failed: \(result.stderr)") }
        return result.stdout
    }
}
