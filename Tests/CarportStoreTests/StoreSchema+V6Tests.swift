import CarportCore
import CarportTestSupport
import Foundation
import GRDB
import Testing

@testable import CarportStore

/// Migration v6 rebuilds `connections` so a v3 connection can have no pair: a store written by
/// the previous version keeps every connection (as classic), its vehicles (the foreign key
/// survives the rebuild) and what they remembered; the new checks hold a row to its kind.
struct StoreSchemaV6Tests {
    @Test func aVersion5StoreKeepsItsConnectionsAndVehiclesAndChecksEachKind() async throws {
        // A key and its check from a store made now, put into a database left at version 5.
        let (donor, home) = (try TempHome(), try TempHome())
        defer { for temporary in [donor, home] { temporary.remove() } }
        try Fixture.open(donor).close()
        let check = try await DatabaseQueue(path: donor.files.database.path).read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'key-check'")
        }
        try home.files.prepareHome()
        try FileManager.default.copyItem(at: donor.files.key, to: home.files.key)
        try StoreFiles.createPrivateFile(home.files.database)
        let old = try DatabasePool(path: home.files.database.path)
        try StoreSchema.migrator.migrate(old, upTo: "v5: v3 application tokens")
        try await old.write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('key-check', ?)", arguments: [check])
            try db.execute(
                sql: """
                    INSERT INTO connections (id, smartcar_user_id, customer, mode, scopes, access_token, refresh_token,
                        issued_at, access_expires_at, refresh_expires_at, last_refresh_at, last_refresh_outcome,
                        reauth_reason, created_at, updated_at, pending)
                    VALUES ('c1', 'u1', 'Ada', 'live', 'read_odometer', zeroblob(40), zeroblob(40), 100, 7300, 5184100,
                        100, 'succeeded', NULL, 50, 100, 'vin:v1');
                    INSERT INTO vehicles (id, connection_id, make, model, year, vin) VALUES ('v1', 'c1', 'TESLA', '3', 2022, NULL);
                    INSERT INTO unsupported_readings (vehicle_id, reading, learnt_at) VALUES ('v1', 'fuel', 100);
                    """)
        }
        try old.close()

        let store = try Fixture.open(home)
        let summary = try #require(try await store.connectionSummaries().first)
        #expect(summary.kind == .classic && summary.customer == "Ada")
        #expect(summary.state.tokens?.refreshExpiresAt == Date(timeIntervalSinceReferenceDate: 5_184_100))
        #expect(summary.state.tokens?.lastRefresh?.outcome == .succeeded)
        #expect(try await store.vehicles(connectionId: "c1").map(\.id) == ["v1"])
        #expect(try await store.unsupportedReadings(vehicleId: "v1") == ["fuel"])
        #expect(try await store.linkGaps()["c1"] == LinkGaps(vehicles: ["v1": [.vin]]))

        try await store.pool.write { db in
            // A v3 row with a pair, and a classic row without one, are refused.
            #expect(throws: DatabaseError.self) {
                try db.execute(
                    sql: """
                        INSERT INTO connections (id, smartcar_user_id, customer, mode, scopes, kind, access_token,
                            refresh_token, issued_at, access_expires_at, refresh_expires_at, confirmed_at, created_at,
                            updated_at)
                        VALUES ('c2', 'u2', 'B', 'live', '', 'v3', zeroblob(40), zeroblob(40), 1, 2, 3, 1, 1, 1)
                        """)
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(
                    sql: """
                        INSERT INTO connections (id, smartcar_user_id, customer, mode, scopes, kind, created_at, updated_at)
                        VALUES ('c3', 'u3', 'C', 'live', '', 'classic', 1, 1)
                        """)
            }
            try db.execute(sql: "DELETE FROM connections WHERE id = 'c1'")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM vehicles") == 0, "the cascade survived the rebuild")
        }
        try store.close()
    }
}
