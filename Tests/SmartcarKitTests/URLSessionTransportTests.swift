import Foundation
import SmartcarKit
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct URLSessionTransportTests {
    /// Nothing listens on port 1 of the loopback address: the request cannot have been sent.
    @Test func aRefusedConnectionIsNotSent() async throws {
        let request = URLRequest(url: URL(string: "http://127.0.0.1:1/oauth/token")!, timeoutInterval: 5)
        await #expect {
            _ = try await URLSessionTransport().send(request)
        } throws: { ($0 as? TransportFailure)?.stage == .notSent }
    }
}
