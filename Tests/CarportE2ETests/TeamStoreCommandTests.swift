import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// The real binary on the team store (docs/TEAM-STORE.md): `store copy` moves a fleet over and
/// every command then serves it from PostgreSQL; no token is in clear in a `pg_dump`; a database
/// that cannot be reached is a clear error within 10 s.
@Suite(.serialized) struct TeamStoreCommandTests {
    @Test func storeCopyMovesTheFleetAndEveryCommandServesItFromTheDatabase() async throws {
        try await SeededWorld.with(customers: ["Ada", "Grace", "Linus"], vehiclesEach: 2) { world in
            let database = try await TeamDatabase.create()
            let team = database.environment
            let password = ["PGPASSWORD": database.password]
            let fromFile = try await world.run(["list", "--json"])
            _ = try await world.run(["audit"]) // no write: the copy's counts are the store's as it is
            let copy = try await world.run(["store", "copy", "--to", database.url], extra: password)
            #expect(copy.status == 0, "\(copy.stdout)\(copy.stderr)")
            #expect(copy.stdout.contains("Copied 3 connections, 6 vehicles, 3 audit entries"), "\(copy.stdout)")
            #expect(copy.stdout.contains("every sealed value opens"))
            let fromDatabase = try await world.run(["list", "--json"], extra: team)
            let rows = { (text: String) in text.split(separator: "\n").filter { !$0.contains("\"generatedAt\"") } }
            #expect(
                rows(fromDatabase.stdout) == rows(fromFile.stdout), "\(fromFile.stdout)\n---\n\(fromDatabase.stdout)")

            let refresh = try await world.run(["refresh", "--all"], extra: team)
            #expect(refresh.status == 0 && refresh.stdout.contains("3 refreshed"), "\(refresh.stdout)\(refresh.stderr)")
            let audit = try await world.run(["audit"], extra: team)
            #expect(audit.stdout.contains("store-copy") && audit.stdout.contains("@\(AuditEntry.thisHost)"))
            let doctor = try await world.run(["doctor", "--offline"], extra: team)
            #expect(
                doctor.stdout.contains("the database \(database.url.dropFirst("postgres://".count))"),
                "\(doctor.stdout)")
            #expect(doctor.stdout.contains("store integrity ok"))

            let again = try await world.run(["store", "copy", "--to", database.url], extra: password)
            #expect(again.status == 1 && again.stderr.contains("already holds a Carport store"), "\(again.stderr)")

            // The canary over a dump of the whole database: the first pairs, the pairs the refresh
            // stored, the client secret; none in clear.
            let dump = try await database.dump()
            let store = try await openStore(
                Configuration.load(environment: world.environment.merging(team) { $1 }), clock: SystemClock(),
                osUser: "tester")
            let refreshed = try await store.connections().compactMap(\.tokens).flatMap {
                [$0.accessToken.reveal(), $0.refreshToken.reveal()]
            }
            try await store.close()
            #expect(refreshed.count == 6 && Set(refreshed).isDisjoint(with: world.secrets()))
            for secret in world.secrets() + refreshed {
                #expect(!dump.contains(secret), "a secret is in clear in pg_dump")
            }
            #expect(dump.contains("COPY public.connections"))
            await database.drop()
        }
    }

    @Test func anUnreachableDatabaseIsAClearErrorWithinTenSeconds() async throws {
        let home = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let refused = try FreePort.next()
        let silent = try FreePort.listener() // accepts connections, never answers
        defer { silent.close() }
        for port in [refused, silent.port] {
            let url = "postgres://carport@127.0.0.1:\(port)/fleet"
            let started = Date()
            let result = try await ChildProcess.run(
                CarportBinary.path, ["status"],
                environment: CarportBinary.environment(
                    home: home, extra: ["CARPORT_DATABASE_URL": url, "PGPASSWORD": "CANARY-db-password-81"]),
                timeout: 30)
            let seconds = Date().timeIntervalSince(started)
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(seconds < 10, "took \(seconds) s")
            #expect(result.stderr.hasPrefix("carport: The database carport@127.0.0.1:\(port)/fleet is unreachable"))
            #expect(result.stderr.split(separator: "\n").count == 1, "one clear line, no stack dump: \(result.stderr)")
            #expect(!result.stderr.contains("CANARY-db-password-81"))
        }
    }
}
