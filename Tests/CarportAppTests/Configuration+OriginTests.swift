import CarportApp
import CarportCore
import Foundation
import Testing

/// Every origin Carport talks to is https, or plain http on loopback only.
@Suite struct ConfigurationOriginTests {
    static let variables = ["SMARTCAR_CONNECT_ORIGIN", "SMARTCAR_AUTH_ORIGIN", "SMARTCAR_API_ORIGIN"]

    @Test("plain http off loopback is refused, naming the variable", arguments: variables)
    func plainHTTPOffLoopbackIsRefused(variable: String) {
        let error = #expect(throws: CarportError.self) {
            try Configuration.load(
                environment: ["HOME": "/home/op", variable: "http://auth.example.com"], readFile: { _ in nil })
        }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains(variable) == true && error?.message.contains("https") == true)
    }

    @Test(
        "https anywhere and http on loopback are accepted",
        arguments: [
            "https://auth.example.com", "http://localhost:9000", "http://127.0.0.1:9000", "http://127.8.9.10",
            "http://[::1]:9000",
        ])
    func secureOrLoopbackOriginsAreAccepted(origin: String) throws {
        for variable in Self.variables {
            _ = try Configuration.load(environment: ["HOME": "/home/op", variable: origin], readFile: { _ in nil })
        }
    }

    @Test(arguments: ["ftp://api.example.com", "http://127.0.0.1.example.com", "http://localhost.example.com"])
    func otherSchemesAndLookAlikesAreRefused(origin: String) {
        #expect(throws: CarportError.self) {
            try Configuration.load(
                environment: ["HOME": "/home/op", "SMARTCAR_API_ORIGIN": origin], readFile: { _ in nil })
        }
    }
}
