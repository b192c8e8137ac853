import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The customer on their own phone (README, "A callback page to host"): the redirect URI is the
/// team's hosted callback page (here the emulator's copy), `CARPORT_CALLBACK_PAGE=hosted`.
/// `carport connect --qr` says what the customer will see and what to ask for, its QR code decodes
/// back to the exact Connect URL, and the text the page copies, pasted, links the vehicles.
@Suite struct HostedPageConnectE2ETests {
    /// What the page copies for a callback that landed on `page` (contrib/callback-page/index.html;
    /// scripts/browser-test reads the real page's clipboard).
    static func copiedText(_ page: URL) throws -> String {
        let items = URLComponents(url: page, resolvingAgainstBaseURL: false)?.queryItems ?? []
        // The page's order: a code, else a vehicle id, else a v3 app's user id.
        let name = try #require(
            ["code", "vehicle_id", "user_id"].first { name in items.contains { $0.name == name } },
            "no grant in \(page)")
        let grant = "\(name)=\(items.first { $0.name == name }?.value ?? "")"
        let state = try #require(items.first { $0.name == "state" }?.value, "no state in \(page)")
        return "\(grant)&state=\(state)"
    }

    /// The customer approves in Connect (the emulator's shortcut); the browser follows the redirect
    /// to the hosted page and stays there. Returns the page's address.
    static func approve(_ connectURL: String) async throws -> URL {
        let (_, landed) = try await URLSession.shared.data(from: URL(string: connectURL + "&emulator_auto=approve")!)
        return try #require(landed.url)
    }

    @Test func connectPrintsTheQRCodeSaysWhatToAskForAndTakesTheCopiedText() async throws {
        try await withEmulator(EmulatorConfig(redirectURIs: [], seedDemoWorld: false)) { emulator in
            let page = emulator.hostedCallbackPage.absoluteString
            var env = ConnectCommandTests.environment(
                home: try CarportBinary.temporaryHome(), redirect: page, emulator: emulator)
            env["CARPORT_CALLBACK_PAGE"] = "hosted"
            env["NO_COLOR"] = "1" // the code keeps its two tones: they are the code
            let tmux = try await TmuxSession(
                command: "\(TmuxSession.quote(CarportBinary.path)) connect --qr --no-browser --customer 'Hana Sato'",
                width: 120, height: 60, environment: env)
            try await withCleanup {
                let output = try await tmux.waitFor(text: "Waiting up to", history: true)
                let connectURL = try #require(
                    TwoPaneConnectE2ETests.line(in: output, startingWith: emulator.baseURL.absoluteString + "/oauth/"),
                    "no Connect URL line:\n\(output)")
                #expect(output.contains("your callback page (\(page))") && output.contains("(code=…&state=…)"))
                #expect(output.contains("Ask them to send you that text"))
                #expect(!output.contains("http://localhost"), "a catcher's short URL in hosted mode:\n\(output)")
                #expect(try await QRCodeReader.decode(screen: output) == connectURL)
                let painted = try await tmux.capture(colours: true, history: true)
                #expect(painted.contains("\u{1B}[30m") && painted.contains("\u{1B}[47m"), "not black on white")

                let landed = try await Self.approve(connectURL)
                #expect(landed.absoluteString.hasPrefix(page + "?code="))
                try await tmux.paste(try Self.copiedText(landed))
                try await tmux.send("Enter")
                let linked = try await tmux.waitFor(text: "__EXIT__=", history: true)
                #expect(linked.contains("__EXIT__=0"), "connect failed:\n\(linked)")
                #expect(linked.contains("for Hana Sato"), "nothing linked:\n\(linked)")
            } cleanup: {
                await tmux.kill()
            }
        }
    }

    /// The TUI's Connect screen in `carport demo --callback-page hosted`: at 80x24 it says there is
    /// no room for the code; at 120x40 (under `NO_COLOR`) it shows it black on white and nothing
    /// else in colour, `c` hides it, the code scans to this session's Connect URL, and the copied
    /// text pasted into the paste box links the vehicle.
    @Test func theConnectScreenShowsTheCodeWhenThereIsRoom() async throws {
        for (width, height) in [(80, 24), (120, 40)] {
            let home = try CarportBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            let tmux = try await TmuxSession(
                command: "\(TmuxSession.quote(CarportBinary.path)) demo --callback-page hosted",
                width: width, height: height,
                environment: CarportBinary.environment(home: home, extra: width == 80 ? [:] : ["NO_COLOR": "1"]))
            try await withCleanup {
                try await tmux.waitFor(text: "Gus Fring", timeout: 60)
                try await tmux.send("n")
                try await tmux.waitFor(text: "Who owns the vehicle?")
                try await tmux.send("Hana Sato", literal: true)
                try await tmux.send("Enter")
                if width == 80 {
                    try await tmux.waitFor(text: "no room at 80x24")
                } else {
                    try await scanAndLink(tmux)
                }
            } cleanup: {
                await tmux.kill()
            }
        }
    }

    private func scanAndLink(_ tmux: TmuxSession) async throws {
        let screen = try await tmux.waitFor(text: "at the right; c hides it")
        let connectURL = try await QRCodeReader.decode(screen: screen)
        let painted = try await tmux.capture(colours: true)
        #expect(painted.contains("\u{1B}[30m") && painted.contains("\u{1B}[47m"), "the code is not black on white")
        #expect(
            painted.range(of: "\u{1B}\\[(3[1-7]|4[0-6])m", options: .regularExpression) == nil,
            "colours besides the code's under NO_COLOR:\n\(painted)")
        #expect(connectURL.contains("/oauth/authorize?") && connectURL.contains("%2Fcallback-page&"), "\(connectURL)")
        try await tmux.send("c")
        try await tmux.waitFor(text: "hidden (c shows it)")
        try await tmux.send("c")
        try await tmux.waitFor(text: "at the right; c hides it")
        // Approving the decoded URL must end in a link: only this session's exact URL carries the
        // `state` (and redirect URI) the session accepts, so this checks the code byte for byte.
        let landed = try await Self.approve(connectURL)
        try await tmux.send("p")
        try await tmux.waitFor(text: "Paste box")
        try await tmux.paste(try Self.copiedText(landed))
        try await tmux.send("Enter")
        try await tmux.waitFor(text: "for Hana Sato (connection")
    }
}
