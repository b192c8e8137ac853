import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import Testing

/// The store port's contract, the same tests on SQLite and PostgreSQL (docs/TEAM-STORE.md, "Tests").
@Suite(.serialized) struct StoreContractTests {
    @Test(arguments: Backend.allCases) func insertStoresEverythingAndMovesVehicles(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let moves1 = try await store.insert(
                Fixture.connection("c1", customer: "Alice"),
                vehicles: [Fixture.vehicle("v1", connection: "c1"), Fixture.vehicle("v2", connection: "c1")],
                audit: Fixture.audit("connect", connection: "c1"))
            #expect(moves1.isEmpty)
            let moves2 = try await store.insert(
                Fixture.connection("c2", customer: "Bob"), vehicles: [Fixture.vehicle("v2", connection: "c2")],
                audit: Fixture.audit("connect", connection: "c2"))
            #expect(moves2 == [VehicleMove(vehicleId: "v2", fromConnectionId: "c1", fromCustomer: "Alice")])
            #expect(try await store.vehicle(id: "v2")?.connectionId == "c2")
            #expect(try await store.vehicles(connectionId: "c1").map(\.id) == ["v1"])
            #expect(try await store.connections().map(\.customer) == ["Alice", "Bob"])
            #expect(try await store.connection(id: "c1") == Fixture.connection("c1", customer: "Alice"))
            #expect(try await store.connection(id: "nope") == nil)
            let duplicate = await #expect(throws: CarportError.self) {
                _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            }
            #expect(duplicate?.kind == .usage)
            #expect(try await store.connections().count == 2)
        }
    }

    @Test(arguments: Backend.allCases) func summariesSayWhatTheFullRowsSay(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            for (id, customer) in [("c1", "bob"), ("c2", "Alice"), ("c3", "alice")] {
                _ = try await store.insert(
                    Fixture.connection(id, customer: customer), vehicles: [], audit: Fixture.audit("connect"))
            }
            try await store.recordRefresh(
                connectionId: "c2", tokens: nil,
                record: RefreshRecord(
                    attemptedAt: Date(timeIntervalSinceReferenceDate: 1_000.25), outcome: .revoked,
                    message: "rejected"), reauthReason: "reconnect")
            let summaries = try await store.connectionSummaries().sorted(by: ConnectionSummary.byCustomer)
            #expect(summaries == (try await store.connections().map(\.summary)))
            #expect(try await store.connection(id: "c2")?.reauthReason == "reconnect")
            #expect(
                try await store.connection(id: "c2")?.lastRefresh
                    == RefreshRecord(
                        attemptedAt: Date(timeIntervalSinceReferenceDate: 1_000.25), outcome: .revoked,
                        message: "rejected"))
        }
    }

    @Test(arguments: Backend.allCases) func aV3ConnectionIsConfirmedAndMarked(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let v3 = Connection(
                id: "v3", smartcarUserId: "user-v3", customer: "Ines", mode: .live, scopes: ["read_security"],
                credentials: .application(confirmedAt: Fixture.epoch), createdAt: Fixture.epoch,
                updatedAt: Fixture.epoch)
            _ = try await store.insert(
                v3, vehicles: [Fixture.vehicle("v9", connection: "v3")], audit: Fixture.audit("connect"))
            #expect(try await store.connection(id: "v3") == v3)
            let later = Fixture.epoch.addingTimeInterval(60)
            #expect(
                try await store.confirmApplicationLinks(["v3", "c-none"], at: later, audit: Fixture.audit("seen")) == 1)
            #expect(try await store.connection(id: "v3")?.credentials == .application(confirmedAt: later))
            #expect(
                try await store.markNeedsReauth(
                    connectionId: "v3", reason: "gone", issuedBefore: later, audit: Fixture.audit("mark")) == false)
            #expect(
                try await store.markNeedsReauth(
                    connectionId: "v3", reason: "gone", issuedBefore: later.addingTimeInterval(1),
                    audit: Fixture.audit("mark")))
            #expect(try await store.connection(id: "v3")?.reauthReason == "gone")
            try await store.recordRead(vehicleId: "v9", at: later)
            #expect(try await store.vehicle(id: "v9")?.lastSeenAt == later)
        }
    }

    @Test(arguments: Backend.allCases) func aLinkIsCompletedInTwoSteps(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            try await store.insert(Fixture.connection("c1"), gaps: .everything, audit: Fixture.audit("connect"))
            #expect(try await store.linkGaps() == ["c1": .everything])
            let moves = try await store.complete(
                LinkCompletion(
                    connectionId: "c1", smartcarUserId: "user-9", vehicles: [Fixture.vehicle("v1", connection: "c1")],
                    scopes: ["read_location"], gaps: LinkGaps()), audit: nil)
            #expect(moves.isEmpty)
            #expect(try await store.linkGaps().isEmpty)
            let row = try #require(try await store.connection(id: "c1"))
            #expect(row.smartcarUserId == "user-9" && row.scopes == ["read_location", "read_odometer", "read_vin"])
            #expect(try await store.vehicles().map(\.id) == ["v1"])
        }
    }

    @Test(arguments: Backend.allCases) func readingsAndVehiclesAreForgottenTogether(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            _ = try await store.insert(
                Fixture.connection("c1"), vehicles: [Fixture.vehicle("v1", connection: "c1")],
                audit: Fixture.audit("connect"))
            try await store.rememberUnsupported(["fuel", "odometer", "made-up"], vehicleId: "v1")
            try await store.rememberUnsupported(["fuel"], vehicleId: "v1")
            try await store.rememberUnsupported(["fuel"], vehicleId: "v-unknown")
            #expect(try await store.unsupportedReadings(vehicleId: "v1") == ["fuel", "odometer"])
            try await store.removeVehicle(id: "v1", audit: Fixture.audit("disconnect"))
            #expect(try await store.unsupportedReadings(vehicleId: "v1").isEmpty)
            let missing = await #expect(throws: CarportError.self) {
                try await store.removeVehicle(id: "v1", audit: Fixture.audit("disconnect"))
            }
            #expect(missing?.kind == .notFound)
        }
    }

    @Test(arguments: Backend.allCases) func anImportIsAllOrNothing(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            _ = try await store.insert(
                Fixture.connection("c0"), vehicles: [Fixture.vehicle("v0", connection: "c0")],
                audit: Fixture.audit("connect"))
            let batch = (1...3).map { LinkedConnection(connection: Fixture.connection("c\($0)"), vehicles: []) }
            let clash = LinkedConnection(
                connection: Fixture.connection("c4"), vehicles: [Fixture.vehicle("v0", connection: "c4")])
            await #expect(throws: CarportError.self) {
                try await store.importConnections(batch + [clash], audit: Fixture.audit("import"))
            }
            #expect(try await store.connectionSummaries().count == 1)
            try await store.importConnections(batch, audit: Fixture.audit("import"))
            #expect(try await store.connectionSummaries().count == 4)
        }
    }

    @Test(arguments: Backend.allCases) func fleetRowsComeInListOrderAndLinksIncludeBareConnections(_ backend: Backend)
        async throws
    {
        try await withStore(backend) { fixture in
            let store = fixture.store
            for (id, customer) in [("c1", "bob"), ("c2", "Alice"), ("c3", "Émile"), ("c4", "carl")] {
                _ = try await store.insert(
                    Fixture.connection(id, customer: customer),
                    vehicles: id == "c4" ? [] : [Fixture.vehicle("v-\(id)", connection: id)],
                    audit: Fixture.audit("connect"))
            }
            var order: [String] = []
            try await store.forEachFleetRow { vehicle, connection in order.append(connection.customer) }
            #expect(order == ["Alice", "bob", "Émile"])
            var links: [String: String] = [:]
            try await store.forEachStoredLink { links[$0.connection.id] = $0.vehicle?.id ?? "none" }
            #expect(links == ["c1": "v-c1", "c2": "v-c2", "c3": "v-c3", "c4": "none"])
        }
    }

    @Test(arguments: Backend.allCases) func refreshCandidatesAreTheDueOnes(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let old = Fixture.epoch.addingTimeInterval(-86_400 * 50)
            _ = try await store.insert(
                Fixture.connection("due", tokens: Fixture.pair("due", issuedAt: old)), vehicles: [],
                audit: Fixture.audit("connect"))
            _ = try await store.insert(Fixture.connection("fresh"), vehicles: [], audit: Fixture.audit("connect"))
            let policy = HealthPolicy.standard
            let soon = Fixture.epoch.addingTimeInterval(60)
            #expect(try await store.refreshCandidates(policy: policy, at: soon).map(\.id) == ["due"])
            let later = Fixture.epoch.addingTimeInterval(7_200)
            #expect(Set(try await store.refreshCandidates(policy: policy, at: later).map(\.id)) == ["due", "fresh"])
        }
    }

    @Test(arguments: Backend.allCases) func theAuditLogIsNewestFirstWithItsHost(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            for offset in 0..<5 {
                var entry = Fixture.audit("action-\(offset)")
                entry.at = Fixture.epoch.addingTimeInterval(Double(offset))
                try await store.recordAudit(entry)
            }
            let newest = try await store.auditLog(since: Fixture.epoch.addingTimeInterval(2), limit: 2)
            #expect(newest.map(\.action) == ["action-4", "action-3"])
            #expect(newest.first?.host == AuditEntry.thisHost)
            #expect(try await store.auditLog(since: nil, limit: nil).count == 5)
        }
    }

    @Test(arguments: Backend.allCases) func appTokensAreSealedAndForgottenByARekey(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let token = AppToken(token: Secret("app-token-canary"), expiresAt: Fixture.epoch.addingTimeInterval(3_600))
            try await store.storeAppToken(token, clientId: "client_1")
            #expect(try await store.appToken(clientId: "client_1") == token)
            #expect(try await store.appToken(clientId: "client_2") == nil)
            _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            #expect(try await store.rekey() == 1)
            #expect(try await store.appToken(clientId: "client_1") == nil)
            #expect(try await store.connection(id: "c1") == Fixture.connection("c1"))
        }
    }

    @Test(arguments: Backend.allCases) func anotherOpenerSeesARekeyThroughTheNewKey(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            _ = try await fixture.store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            let other = try await fixture.another()
            #expect(try await fixture.store.rekey() == 1)
            // The other opener's key no longer opens the store: a clear error, nothing written.
            if backend == .postgres {
                let error = await #expect(throws: CarportError.self) { _ = try await other.connection(id: "c1") }
                #expect(error?.kind == .wrongKey)
            } else {
                #expect(try await other.connection(id: "c1") == Fixture.connection("c1"))
            }
            try await other.close()
        }
    }
}
