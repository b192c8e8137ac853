import CarportCore
import Foundation
import GRDB
import Testing

@testable import CarportStore

@Suite struct StoreRowsTests {
    /// Summaries open no sealed value, and say what the full rows say.
    @Test func summariesMatchTheFullRowsWithoutOpeningASecret() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        for (id, customer) in [("c1", "Bob"), ("c2", "Alice"), ("c3", "Alice")] {
            _ = try await store.insert(
                Fixture.connection(id, customer: customer), vehicles: [], audit: Fixture.audit("connect"))
        }
        try await store.recordRefresh(
            connectionId: "c2", tokens: nil,
            record: RefreshRecord(
                attemptedAt: Date(timeIntervalSinceReferenceDate: 1_000), outcome: .revoked,
                message: "rejected"), reauthReason: "reconnect")
        let summaries = try await store.connectionSummaries().sorted(by: ConnectionSummary.byCustomer)
        #expect(summaries == (try await store.connections().map(\.summary)))
        #expect(summaries.map(\.id) == ["c2", "c3", "c1"])

        // A sealed value nobody can open: the full rows fail, the summaries still read.
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE connections SET refresh_token = zeroblob(64) WHERE id = 'c1'")
        }
        await #expect(throws: CarportError.self) { _ = try await store.connections() }
        #expect(try await store.connectionSummaries().count == 3)
    }

    @Test func tokensAreSealedOnDisk() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        _ = try await store.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        let bytes = try Data(contentsOf: home.files.database)
        #expect(bytes.range(of: Data("refresh-c1".utf8)) == nil)
        #expect(bytes.range(of: Data("access-c1".utf8)) == nil)
    }

    @Test func swappedSealedValuesFailToOpen() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        _ = try await store.insert(Fixture.connection("c2"), vehicles: [], audit: Fixture.audit("connect"))
        try await store.pool.write { db in
            let other = try Data.fetchOne(db, sql: "SELECT refresh_token FROM connections WHERE id = 'c2'")
            try db.execute(sql: "UPDATE connections SET refresh_token = ? WHERE id = 'c1'", arguments: [other])
        }
        let error = await #expect(throws: CarportError.self) { _ = try await store.connection(id: "c1") }
        #expect(error?.kind == .corruptStore)
        #expect(try await store.connection(id: "c2")?.pair.refreshToken.reveal() == "refresh-c2")
    }

    @Test func constraintsLiveInSQL() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        let bad = [
            "UPDATE connections SET mode = 'sandbox'",
            "UPDATE connections SET last_refresh_outcome = 'succeeded'",
            "UPDATE connections SET access_expires_at = issued_at - 1",
            "INSERT INTO vehicles (id, connection_id, make, model, year) VALUES ('v9', 'nope', 'A', 'B', 2020)",
            "INSERT INTO audit_log (at, os_user, action, outcome) VALUES (0, '', 'x', 'ok')",
        ]
        for sql in bad {
            await #expect(throws: DatabaseError.self, "\(sql)") {
                try await store.pool.write { try $0.execute(sql: sql) }
            }
        }
    }

    @Test func replaceTokensClearsReauthAndRemoveVehicleKeepsConnection() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        _ = try await store.insert(
            Fixture.connection("c1"), vehicles: [Fixture.vehicle("v1", connection: "c1")],
            audit: Fixture.audit("connect"))
        try await store.recordRefresh(
            connectionId: "c1", tokens: nil,
            record: RefreshRecord(attemptedAt: Fixture.epoch, outcome: .revoked, message: "invalid_grant"),
            reauthReason: "Smartcar rejected the refresh token.")
        #expect(try await store.connection(id: "c1")?.reauthReason == "Smartcar rejected the refresh token.")
        try await store.replaceTokens(connectionId: "c1", tokens: Fixture.pair("new"), audit: Fixture.audit("reauth"))
        let row = try #require(try await store.connection(id: "c1"))
        #expect(row.reauthReason == nil && row.lastRefresh == nil && row.tokens == Fixture.pair("new"))
        try await store.removeVehicle(id: "v1", audit: Fixture.audit("disconnect"))
        #expect(try await store.vehicles().isEmpty)
        #expect(try await store.connection(id: "c1") != nil)
        let missing = await #expect(throws: CarportError.self) {
            try await store.replaceTokens(
                connectionId: "nope", tokens: Fixture.pair("x"), audit: Fixture.audit("reauth"))
        }
        #expect(missing?.kind == .notFound)
    }

    @Test func refreshRecordIsAuditedWithAFingerprintNeverTheToken() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        try await store.recordRefresh(
            connectionId: "c1", tokens: nil,
            record: RefreshRecord(attemptedAt: Fixture.epoch, outcome: .inFlight), reauthReason: nil)
        #expect(try await store.connection(id: "c1")?.lastRefresh?.outcome == .inFlight)
        try await store.recordRefresh(
            connectionId: "c1", tokens: Fixture.pair("r2"),
            record: RefreshRecord(attemptedAt: Fixture.epoch, outcome: .succeeded), reauthReason: nil)
        let row = try #require(try await store.connection(id: "c1"))
        #expect(row.tokens == Fixture.pair("r2") && row.lastRefresh?.outcome == .succeeded)
        let log = try await store.auditLog(since: nil, limit: 1)
        #expect(log.first?.action == "refresh")
        #expect(log.first?.detail == "new refresh token \(store.fingerprint(Secret("refresh-r2")))")
        #expect(log.first?.detail?.contains("refresh-r2") == false)
    }

    @Test func rekeyResealsEverythingUnderTheNewKey() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        for id in ["c1", "c2", "c3"] {
            _ = try await store.insert(Fixture.connection(id), vehicles: [], audit: Fixture.audit("connect"))
        }
        let oldKey = try Data(contentsOf: home.files.key)
        #expect(try await store.rekey() == 3)
        #expect(try Data(contentsOf: home.files.key) != oldKey)
        #expect(!FileManager.default.fileExists(atPath: home.files.pendingKey.path))
        #expect(try Fixture.fileMode(home.files.key) == 0o600)
        let reopened = try Fixture.open(home)
        #expect(try await reopened.connections().map(\.tokens) == ["c1", "c2", "c3"].map { Fixture.pair($0) })
        try StoreFiles.writeDurably(oldKey, to: home.files.key)
        #expect(throws: CarportError.self) { try Fixture.open(home) }
    }

    @Test func rekeyInterruptedBeforeTheRenameIsFinishedOnOpen() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        let oldKey = try Data(contentsOf: home.files.key)
        _ = try await store.rekey()
        // Simulate a crash between the commit and the rename: the new key still in key.new.
        try FileManager.default.moveItem(at: home.files.key, to: home.files.pendingKey)
        try StoreFiles.writeDurably(oldKey, to: home.files.key)
        let reopened = try Fixture.open(home)
        #expect(try await reopened.connection(id: "c1")?.tokens == Fixture.pair("c1"))
        #expect(!FileManager.default.fileExists(atPath: home.files.pendingKey.path))
    }

    @Test func aRekeyByAnotherInstanceIsFollowedNotSealedOver() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let refresher = try Fixture.open(home)
        let rekeyer = try Fixture.open(home)
        _ = try await refresher.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        #expect(try await rekeyer.rekey() == 1)
        // The refresher still holds the old key; its next write must seal under the new one.
        try await refresher.recordRefresh(
            connectionId: "c1", tokens: Fixture.pair("r2"),
            record: RefreshRecord(attemptedAt: Fixture.epoch, outcome: .succeeded), reauthReason: nil)
        #expect(try await rekeyer.connection(id: "c1")?.tokens == Fixture.pair("r2"))
        #expect(try await Fixture.open(home).connection(id: "c1")?.tokens == Fixture.pair("r2"))
    }

    @Test func datesRoundTripExactly() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        let now = Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_789)
        var connection = Fixture.connection("c1", tokens: Fixture.pair("c1", issuedAt: now))
        connection.createdAt = now
        connection.updatedAt = now
        connection.lastRefresh = RefreshRecord(attemptedAt: now, outcome: .succeeded)
        _ = try await store.insert(connection, vehicles: [], audit: Fixture.audit("connect"))
        #expect(try await store.connection(id: "c1") == connection)
    }
}
