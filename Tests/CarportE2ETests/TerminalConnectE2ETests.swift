import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// Connecting a vehicle from the TUI, end to end: the real binary in tmux, the real catcher, the
/// emulator's Connect approving as the customer would, the redirect URL pasted into the paste box.
@Suite struct TerminalConnectE2ETests {
    /// Where `url` redirects to, without following it (`curl -w %{redirect_url}`).
    func redirect(of url: String) async throws -> String {
        let result = try await ChildProcess.run(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{redirect_url}", url],
            environment: ProcessInfo.processInfo.environment, timeout: 20)
        #expect(result.status == 0, "curl \(url): \(result.stderr)")
        return result.stdout
    }

    @Test func connectANewVehicleThroughThePasteBox() async throws {
        let port = try FreePort.next()
        let callback = "http://localhost:\(port)/callback"
        let home = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        try await withEmulator(EmulatorConfig(redirectURIs: [callback])) { emulator in
            let origin = emulator.baseURL.absoluteString
            let environment = CarportBinary.environment(
                home: home,
                extra: [
                    "SMARTCAR_CLIENT_ID": EmulatorConfig.demoClientId,
                    "SMARTCAR_CLIENT_SECRET": EmulatorConfig.demoClientSecret,
                    "SMARTCAR_REDIRECT_URI": callback, "CARPORT_MODE": "simulated",
                    "SMARTCAR_CONNECT_ORIGIN": origin, "SMARTCAR_AUTH_ORIGIN": origin, "SMARTCAR_API_ORIGIN": origin,
                ])
            let tmux = try await TmuxSession(
                command: TmuxSession.quote(CarportBinary.path), width: 100, height: 30,
                environment: environment)
            try await withCleanup {
                try await tmux.waitFor(text: "No vehicles yet")
                try await tmux.send("n")
                try await tmux.send("Hana Sato", literal: true)
                try await tmux.send("Enter")
                try await tmux.waitFor(text: "Waiting for the customer")
                let shown = try await tmux.waitFor(text: "http://localhost:\(port)/c/")
                let short = try #require(ShortURLText.find(in: shown, port: port))

                // The customer opens the short URL and approves (the emulator's shortcut for the clicks).
                let connectURL = try await redirect(of: short)
                #expect(connectURL.hasPrefix(origin + "/oauth/authorize?"), "short URL led to \(connectURL)")
                let approved = try await redirect(of: connectURL + "&emulator_auto=approve")
                #expect(approved.hasPrefix(callback + "?code="), "approval led to \(approved)")

                // The operator pastes the URL the browser ended on; a wrong one is refused first.
                try await tmux.send("p")
                try await tmux.send("https://example.com/nothing-here", literal: true)
                try await tmux.send("Enter")
                try await tmux.waitFor(text: "not a redirect URL")
                try await tmux.send("p")
                try await tmux.send(approved, literal: true)
                try await tmux.send("Enter")
                let screen = try await tmux.waitFor(text: "✓ Linked")
                #expect(screen.contains("for Hana Sato"))

                try await tmux.send("Escape")
                let list = try await tmux.waitFor("the new vehicle in the list") {
                    $0.contains("Runway") && $0.contains("Hana Sato")
                }
                #expect(list.contains("● healthy") && !list.contains("No vehicles yet"))
                try await tmux.send("q")
                try await tmux.waitFor(text: "__EXIT__=0")
            } cleanup: {
                await tmux.kill()
            }
        }
    }
}
