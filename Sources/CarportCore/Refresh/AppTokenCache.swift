import Foundation

/// A v3 app's token, shared by every process through the store (docs/SMARTCAR.md §10): the stored
/// one while it has a minute left; else one process fetches under the app-token lock while the
/// others wait and then use what it stored (single flight, one fetch per expiry). A token
/// Smartcar refused (401) is replaced once.
public struct AppTokenCache: Sendable {
    public typealias Fetch = @Sendable () async throws -> AppToken

    /// Time a token must have left to be handed out: a request sent with it must not outlive it.
    public static let margin: TimeInterval = 60

    let store: any ConnectionStore
    let clock: any WallClock
    let clientId: String
    let fetch: Fetch

    public init(store: any ConnectionStore, clock: any WallClock, clientId: String, fetch: @escaping Fetch) {
        self.store = store
        self.clock = clock
        self.clientId = clientId
        self.fetch = fetch
    }

    /// A token good for at least `margin`; with `rejected`, never that one (Smartcar refused it).
    public func token(replacing rejected: Secret? = nil) async throws -> Secret {
        if let stored = try await usable(rejected) { return stored }
        return try await store.withAppTokenLock(clientId: clientId) {
            if let stored = try await usable(rejected) { return stored } // another process fetched
            let fresh = try await fetch()
            try await store.storeAppToken(fresh, clientId: clientId)
            return fresh.token
        }
    }

    /// Runs `body` with a token; when Smartcar refuses it (401, `.appTokenRejected`), once more with
    /// a new one.
    public func withToken<T: Sendable>(_ body: (Secret) async throws -> T) async throws -> T {
        let token = try await token()
        do {
            return try await body(token)
        } catch let error as CarportError where error.kind == .appTokenRejected {
            return try await body(try await self.token(replacing: token))
        }
    }

    private func usable(_ rejected: Secret?) async throws -> Secret? {
        guard let stored = try await store.appToken(clientId: clientId),
            stored.expiresAt.timeIntervalSince(clock.now()) >= Self.margin, stored.token != rejected
        else { return nil }
        return stored.token
    }
}
