import CarportCore
import Foundation
import PostgresNIO

/// Where the team store lives: `CARPORT_DATABASE_URL` (or `database_url`) read into its parts
/// (docs/TEAM-STORE.md). The password never comes from the URL, so it never reaches argv, `ps` or
/// a shell history: `PGPASSWORD` or `database_password_file`.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public enum TLSMode: String, Sendable {
        case disable
        /// Encrypted, the server's certificate not checked (libpq's `require`).
        case require
        /// Encrypted, the certificate checked against the trust roots and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    public var password: Secret?
    public var tls: TLSMode
    /// `sslrootcert`: the trust roots for `verify-full`, instead of the system's.
    public var rootCertificate: String?

    /// `user@host:port/database`: how messages name the database (never the password).
    public var description: String { "\(user)@\(host):\(port)/\(database)" }

    /// Reads `postgres://USER@HOST[:PORT]/DB[?sslmode=…&sslrootcert=…]`; `setting` names where it
    /// came from, for the error.
    public static func parse(_ text: String, password: Secret?, setting: String) throws -> PostgresLocation {
        func refuse(_ why: String) -> CarportError {
            CarportError(
                .configuration,
                "\(setting) \(why). Write it as postgres://USER@HOST:PORT/DATABASE?sslmode=require (docs/TEAM-STORE.md)."
            )
        }
        guard let parts = URLComponents(string: text), ["postgres", "postgresql"].contains(parts.scheme ?? "") else {
            throw refuse("is not a postgres:// URL")
        }
        guard parts.password == nil else {
            throw CarportError(
                .configuration,
                "\(setting) holds a password; remove it and give it in PGPASSWORD or database_password_file instead, so it never shows in a process list."
            )
        }
        guard let user = parts.user, !user.isEmpty else { throw refuse("names no user") }
        guard let host = parts.host, !host.isEmpty else { throw refuse("names no host") }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw refuse("names no database") }
        var location = PostgresLocation(
            host: host, port: parts.port ?? 5432, database: database, user: user, password: password,
            tls: .disable, rootCertificate: nil)
        var mode: String?
        for item in parts.queryItems ?? [] {
            switch item.name {
            case "sslmode": mode = item.value
            case "sslrootcert": location.rootCertificate = item.value
            default: throw refuse("has the parameter `\(item.name)`, which carport does not know")
            }
        }
        switch mode {
        case nil where location.isLocal, "disable" where location.isLocal: location.tls = .disable
        case nil, "disable":
            throw refuse(
                "reaches \(host) without encryption; add ?sslmode=require, or ?sslmode=verify-full to check its certificate"
            )
        case let mode?:
            guard let tls = TLSMode(rawValue: mode), tls != .disable else {
                throw refuse("has sslmode=\(mode); use require or verify-full")
            }
            location.tls = tls
        }
        return location
    }

    /// This machine: loopback only (as for plain-http Smartcar origins).
    var isLocal: Bool { host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.") }

    var nioTLS: NIOSSL.TLSConfiguration? {
        switch tls {
        case .disable: return nil
        case .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            return configuration
        case .verifyFull:
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let rootCertificate { configuration.trustRoots = .file(rootCertificate) }
            return configuration
        }
    }

    /// Startup parameters: who holds what in `pg_stat_activity`, and how fast the server notices
    /// a dead client (so its advisory locks go with it).
    func startupParameters(osUser: String) -> [(String, String)] {
        [
            ("application_name", String("carport \(osUser)@\(AuditEntry.thisHost)".prefix(63))),
            ("client_connection_check_interval", "1000"), ("tcp_keepalives_idle", "30"),
            ("tcp_keepalives_interval", "10"), ("tcp_keepalives_count", "3"),
        ]
    }

    /// The pool's connections per process, besides its lock connection: enough for
    /// `refresh --due`'s requests in flight, few enough that a team's processes fit in a server's
    /// default `max_connections` (100).
    static let poolSize = 12

    func clientConfiguration(osUser: String) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password?.reveal(), database: database,
            tls: nioTLS.map { .require($0) } ?? .disable)
        configuration.options.additionalStartupParameters = startupParameters(osUser: osUser)
        configuration.options.maximumConnections = Self.poolSize
        configuration.options.connectTimeout = .seconds(8)
        return configuration
    }

    func connectionConfiguration(osUser: String) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        if let nioTLS {
            do {
                tls = .require(try NIOSSLContext(configuration: nioTLS))
            } catch {
                throw CarportError(
                    .configuration,
                    "The TLS settings for \(self) do not load (sslrootcert \(rootCertificate ?? "none")): \(error).")
            }
        } else {
            tls = .disable
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password?.reveal(), database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters(osUser: osUser)
        configuration.options.connectTimeout = .seconds(8)
        return configuration
    }
}
