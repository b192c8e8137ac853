import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The Connect form with a VIN in a real terminal (tmux): the compatibility check runs before
/// any link, `d` drops the permission the car cannot serve, and the Connect URL offers only that
/// VIN.
struct TUICompatTests {
    @Test func theCheckShapesTheConnectRequest() async throws {
        let port = try FreePort.next()
        let redirect = "http://localhost:\(port)/callback"
        // The demo world's Tesla Model 3 is a BEV: not capable of read_fuel.
        let vin = "5YJ3E1EA7NF100001"
        try await withEmulator(EmulatorConfig(redirectURIs: [redirect])) { emulator in
            let env = ConnectCommandTests.environment(
                home: try CarportBinary.temporaryHome(), redirect: redirect, emulator: emulator)
            let tui = try await TmuxSession(
                command: "\(CarportBinary.path) tui", width: 120, height: 40, environment: env)
            try await withCleanup {
                try await tui.waitFor(text: "connect", timeout: 60)
                try await tui.send("n")
                try await tui.waitFor(text: "Who owns the vehicle?")
                try await tui.send("VIN customer", literal: true)
                try await tui.send("Tab")
                try await tui.send(vin.lowercased(), literal: true)
                try await tui.send("Enter")
                let review = try await tui.waitFor(text: "not capable of 1 of 10")
                #expect(review.contains("Not capable    read_fuel: the vehicle cannot do this"), "\(review)")
                #expect(review.contains("Connect offers only \(vin)"))
                try await tui.send("d")
                try await tui.waitFor(text: "Dropped read_fuel from the request.")
                try await tui.send("Enter")
                let shown = try await tui.waitFor(text: "http://localhost:\(port)/c/")
                let short = try #require(ShortURLText.find(in: shown, port: port))

                let (_, preamble) = try await URLSession.shared.data(from: URL(string: short)!)
                let connectURL = try #require(preamble.url)
                let query = Dictionary(
                    FormEncoding.decode(connectURL.query ?? ""), uniquingKeysWith: { first, _ in first })
                #expect(query["single_select_vin"] == vin && query["single_select"] == "true")
                let scopes = (query["scope"] ?? "").split(separator: " ").map(String.init)
                #expect(scopes.contains("read_battery") && !scopes.contains("read_fuel"), "\(scopes)")

                _ = try await URLSession.shared.data(
                    from: URL(string: connectURL.absoluteString + "&emulator_auto=approve")!)
                let linked = try await tui.waitFor(text: "✓ Linked")
                #expect(linked.contains("for VIN customer"))
            } cleanup: {
                await tui.kill()
            }
        }
    }
}
