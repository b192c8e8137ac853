import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

/// A refused code at the exchange says why a code is refused, never that a pair died (no pair
/// exists yet): its ten-minute life, single use, and the redirect URI that must match.
struct ExchangeRefusalTests {
    static func expectExplained(_ error: CarportError?, redirectURI: String, code: String) {
        #expect(error?.kind == .oauth)
        let message = error?.message ?? ""
        #expect(message.contains("10 minutes") && message.contains("already used"))
        #expect(message.contains("redirect URI \(redirectURI)") && message.contains("SMARTCAR_REDIRECT_URI"))
        #expect(!message.contains("carport reauth") && !message.contains(code))
    }

    @Test func aRedirectMismatchIsExplained() async throws {
        let body =
            #"{"error": "invalid_grant", "error_description": "Unauthorized redirect_uri: https://x.example/cb"}"#
        let h = try ClientHarness([.json(400, body)])
        let error = await #expect(throws: CarportError.self) {
            try await h.client.exchange(code: "code-7f3a", redirectURI: "https://x.example/cb")
        }
        Self.expectExplained(error, redirectURI: "https://x.example/cb", code: "code-7f3a")
    }

    @Test func anUnknownCodeAtTheEmulatorIsExplained() async throws {
        try await withEmulator(EmulatorConfig(seedDemoWorld: false)) { emulator in
            let origin = emulator.baseURL.absoluteString
            let configuration = try Configuration.load(
                environment: [
                    "HOME": "/nonexistent", "SMARTCAR_CLIENT_ID": EmulatorConfig.demoClientId,
                    "SMARTCAR_CLIENT_SECRET": EmulatorConfig.demoClientSecret, "SMARTCAR_AUTH_ORIGIN": origin,
                    "SMARTCAR_API_ORIGIN": origin,
                ], readFile: { _ in nil })
            let client = try LiveSmartcarClient(configuration: configuration)
            let redirect = EmulatorConfig.demoRedirectURIs[0]
            let error = await #expect(throws: CarportError.self) {
                try await client.exchange(code: "never-issued-code-51c2", redirectURI: redirect)
            }
            Self.expectExplained(error, redirectURI: redirect, code: "never-issued-code-51c2")
        }
    }
}
