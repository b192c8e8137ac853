import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import Testing

/// The v3 app token (docs/SMARTCAR.md §10) in a real SQLite store: sealed at rest, fetched once per
/// expiry however many stores (each its own lock file descriptor, as processes are) ask at once,
/// replaced once after a 401, forgotten by rekey.
struct AppTokenCacheTests {
    static let canary = "CANARY-app-token-4b1d"

    /// Counts fetches; each fetch takes a while, so waiting stores pile up behind the lock.
    final class Issuer: Sendable {
        let fetches = LockBox(0)
        let clock: ManualClock
        init(clock: ManualClock) { self.clock = clock }

        func fetch() async throws -> AppToken {
            let n = fetches.withLock {
                $0 += 1
                return $0
            }
            try await Task.sleep(for: .milliseconds(50))
            return AppToken(token: Secret("\(AppTokenCacheTests.canary)-\(n)"), expiresAt: clock.now() + 3600)
        }
    }

    @Test func eightStoresAtOnceFetchOnceAndTheTokenIsSealed() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let clock = ManualClock(Fixture.epoch)
        let issuer = Issuer(clock: clock)
        _ = try Fixture.open(home) // first use: key and schema
        let tokens = try await withThrowingTaskGroup(of: Secret.self) { group in
            for _ in 0..<8 {
                let store = try SQLiteConnectionStore.open(files: home.files, clock: clock, osUser: "tester")
                let cache = AppTokenCache(store: store, clock: clock, clientId: "client_a", fetch: issuer.fetch)
                group.addTask { try await cache.token() }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(issuer.fetches.value == 1)
        #expect(Set(tokens) == [Secret("\(Self.canary)-1")])
        for name in try FileManager.default.contentsOfDirectory(atPath: home.url.path) {
            let bytes = try Data(contentsOf: home.url.appendingPathComponent(name))
            #expect(bytes.range(of: Data(Self.canary.utf8)) == nil, "\(name) holds the app token in clear")
        }
    }

    @Test func aTokenIsRefetchedOnlyNearItsExpiryOrAfterSmartcarRefusedIt() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let clock = ManualClock(Fixture.epoch)
        let issuer = Issuer(clock: clock)
        let store = try Fixture.open(home)
        let cache = AppTokenCache(store: store, clock: clock, clientId: "client_a", fetch: issuer.fetch)
        let first = try await cache.token()
        clock.advance(by: 3600 - AppTokenCache.margin - 1)
        #expect(try await cache.token() == first && issuer.fetches.value == 1)
        clock.advance(by: 2)
        let second = try await cache.token()
        #expect(second != first && issuer.fetches.value == 2)

        let refused = CarportError(
            .appTokenRejected, "refused",
            details: SmartcarErrorDetails(type: "AUTHENTICATION", description: "", statusCode: 401))
        let used = LockBox<[Secret]>([])
        let answer = try await cache.withToken { token in
            used.withLock { $0.append(token) }
            if used.value.count == 1 { throw refused }
            return "ok"
        }
        #expect(answer == "ok" && used.value == [second, Secret("\(Self.canary)-3")])
        #expect(issuer.fetches.value == 3)
        // Another process refused the same token a moment later: it takes the stored new one.
        #expect(try await cache.token(replacing: second) == Secret("\(Self.canary)-3") && issuer.fetches.value == 3)
    }

    @Test func rekeyForgetsTheAppTokenAndAWrongPlaceDoesNotOpen() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        try await store.storeAppToken(
            AppToken(token: Secret(Self.canary), expiresAt: Fixture.epoch + 3600), clientId: "a")
        #expect(try await store.appToken(clientId: "a")?.token == Secret(Self.canary))
        #expect(try await store.appToken(clientId: "b") == nil)
        _ = try await store.rekey()
        #expect(try await store.appToken(clientId: "a") == nil)
    }
}
