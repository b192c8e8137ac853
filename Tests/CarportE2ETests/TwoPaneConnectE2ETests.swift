import CarportTestSupport
import Foundation
import Testing

/// `carport connect --no-browser` over SSH, as an operator does it, in two tmux panes: the
/// command waits in pane 1; in pane 2 the "customer's browser" (curl, not following the redirect)
/// opens the Connect URL with the emulator's approval shortcut; the URL it ended on is pasted
/// into pane 1, which links the vehicle; `carport list` in pane 2 then shows it.
@Suite struct TwoPaneConnectE2ETests {
    @Test func connectInOnePaneApproveAndPasteFromTheOther() async throws {
        let callback = try "http://localhost:\(FreePort.next())/callback"
        try await SeededWorld.with(customers: [], redirectURI: callback) { world in
            let binary = TmuxSession.quote(CarportBinary.path)
            let tmux = try await TmuxSession(
                command: "\(binary) connect --no-browser --customer 'Hana Sato'",
                width: 120, height: 40, environment: world.environment)
            try await withCleanup {
                try await tmux.waitFor(text: "Waiting up to")
                let shell = try await tmux.split()
                // The Connect URL is alone on its own line (wrapped by the terminal: read it joined).
                let origin = world.emulator.baseURL.absoluteString
                let output = try await tmux.capture(history: true)
                let connectURL = try #require(
                    Self.line(in: output, startingWith: origin + "/oauth/authorize?"),
                    "no Connect URL line in pane 1:\n\(output)")

                try await tmux.send(
                    "curl -s -o /dev/null -w '%{redirect_url}\\n' \(TmuxSession.quote(connectURL + "&emulator_auto=approve"))",
                    literal: true, pane: shell)
                try await tmux.send("Enter", pane: shell)
                let browser = try await tmux.waitFor("the redirect URL in pane 2", history: true, pane: shell) {
                    Self.line(in: $0, startingWith: callback + "?code=") != nil
                }
                let redirect = try #require(Self.line(in: browser, startingWith: callback + "?code="))

                try await tmux.paste(redirect)
                try await tmux.send("Enter")
                let linked = try await tmux.waitFor(text: "__EXIT__=", history: true)
                #expect(linked.contains("__EXIT__=0"), "connect failed:\n\(linked)")
                #expect(
                    linked.contains("for Hana Sato") && linked.contains("1 vehicle(s)"), "no linked vehicle:\n\(linked)"
                )

                try await tmux.send("\(binary) list; echo __LIST__=$?", literal: true, pane: shell)
                try await tmux.send("Enter", pane: shell)
                let list = try await tmux.waitFor("carport list to end", history: true, pane: shell) {
                    Self.line(in: $0, startingWith: "__LIST__=") != nil
                }
                #expect(Self.line(in: list, startingWith: "__LIST__=") == "__LIST__=0", "carport list failed:\n\(list)")
                let row = try #require(
                    list.split(separator: "\n").first { $0.hasPrefix("Hana Sato") }, "no row:\n\(list)")
                #expect(row.contains("healthy"), "the new vehicle is not healthy:\n\(list)")
            } cleanup: {
                await tmux.kill()
            }
        }
    }

    /// The first line of `text` that starts with `prefix`, trimmed.
    static func line(in text: String, startingWith prefix: String) -> String? {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(prefix) }
    }
}
