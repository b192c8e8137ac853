import CarportCore
import CarportStore
import Foundation
import SmartcarKit

/// The v3 application's live client (docs/SMARTCAR.md §10), built on demand like `smartcar()`.
extension Carport {
    /// Throws a configuration error when the API client id or secret is missing, and refuses an
    /// API client secret file that others can read.
    public func smartcarV3() throws -> LiveSmartcarV3Client {
        if let file = configuration.apiClientSecretFile { try StoreFiles.refuseExposed(file) }
        return try LiveSmartcarV3Client(configuration: configuration, clock: clock, random: random)
    }

    /// The v3 application's token, shared with every other carport through the store: fetched
    /// once per expiry across processes, replaced once after a 401 (`AppTokenCache.withToken`).
    public func appTokens() throws -> AppTokenCache { try v3().tokens }

    /// One v3 client and the token cache that fetches through it: what every v3 call needs.
    func v3() throws -> (api: LiveSmartcarV3Client, tokens: AppTokenCache) {
        let client = try smartcarV3()
        let tokens = AppTokenCache(
            store: store, clock: clock, clientId: try configuration.requireAPIClientId(),
            fetch: { try await client.appToken() })
        return (client, tokens)
    }

    /// Links and completes v3 connections (Connect, `completeMissing`).
    public func v3Linker() throws -> V3Linker {
        let (api, tokens) = try v3()
        return V3Linker(api: api, tokens: tokens, store: store, clock: clock, random: random, osUser: osUser)
    }
}
