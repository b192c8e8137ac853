import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The TUI's Connect screen in a real terminal (tmux), driving a real session against the
/// emulator: `n`, a customer label, Enter; the test opens the short URL as a browser would.
struct TUIConnectTests {
    @Test func connectScreenLinksThroughTheShortURL() async throws {
        let port = try FreePort.next()
        let redirect = "http://localhost:\(port)/callback"
        try await withEmulator(EmulatorConfig(redirectURIs: [redirect], seedDemoWorld: false)) { emulator in
            let env = ConnectCommandTests.environment(
                home: try CarportBinary.temporaryHome(), redirect: redirect,
                emulator: emulator)
            let tui = try await TmuxSession(
                command: "\(CarportBinary.path) tui", width: 120, height: 30, environment: env)
            try await withCleanup {
                try await tui.waitFor(text: "connect", timeout: 60) // the first start may wait for a loaded machine
                try await tui.send("n")
                try await tui.waitFor(text: "Who owns the vehicle?")
                try await tui.send("TUI customer", literal: true)
                try await tui.send("Enter")
                let shown = try await tui.waitFor(text: "http://localhost:\(port)/c/")
                let short = try #require(ShortURLText.find(in: shown, port: port))

                // The browser opens the short URL: the catcher redirects to Connect, whose page is the preamble.
                let (_, preamble) = try await URLSession.shared.data(from: URL(string: short)!)
                let connectURL = try #require(preamble.url)
                #expect(connectURL.path == "/oauth/authorize")
                let (_, callback) = try await URLSession.shared.data(
                    from: URL(string: connectURL.absoluteString + "&emulator_auto=approve")!)
                #expect((callback as? HTTPURLResponse)?.statusCode == 200)
                let screen = try await tui.waitFor(text: "✓ Linked")
                #expect(screen.contains("for TUI customer"))
            } cleanup: {
                await tui.kill()
            }
        }
    }
}
