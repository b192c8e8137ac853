import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import Testing

/// The real `carport` binary in a real terminal (tmux), on a real store seeded with every
/// health state.
@Suite(.serialized) struct TerminalE2ETests {
    struct Setup {
        let home: URL
        let environment: [String: String]
        let binary = TmuxSession.quote(CarportBinary.path)
    }

    func seededStore() async throws -> Setup {
        let home = try CarportBinary.temporaryHome()
        let environment = CarportBinary.environment(
            home: home,
            extra: [
                "SMARTCAR_CLIENT_ID": "e2e-client", "SMARTCAR_REDIRECT_URI": "http://localhost:8000/callback",
            ])
        let store = try SQLiteConnectionStore.open(
            files: StoreFiles(home: home.appendingPathComponent("data")),
            clock: SystemClock(), osUser: "e2e")
        let now = Date()
        for connection in Fixtures.connections(at: now) {
            let vehicles = Fixtures.vehicles.filter { $0.connectionId == connection.id }
            _ = try await store.insert(
                connection, vehicles: vehicles,
                audit: AuditEntry(at: now, osUser: "e2e", action: "connect", outcome: "ok"))
        }
        return Setup(home: home, environment: environment)
    }

    /// Runs `body` against `command` in tmux, then ends the tmux server and removes the home.
    func session(
        _ command: String, _ setup: Setup, environment extra: [String: String] = [:],
        _ body: (TmuxSession) async throws -> Void
    ) async throws {
        defer { try? FileManager.default.removeItem(at: setup.home) }
        let tmux = try await TmuxSession(command: command, environment: setup.environment.merging(extra) { $1 })
        do { try await body(tmux) } catch {
            await tmux.kill()
            throw error
        }
        await tmux.kill()
    }

    @Test func listDetailFilterResizeHelpAndQuit() async throws {
        let setup = try await seededStore()
        try await session(setup.binary, setup) { tmux in
            var screen = try await tmux.waitFor(text: "Gus Fring")
            #expect(screen.contains("re-auth 1") && screen.contains("healthy 2"))
            #expect(screen.contains("● critical") && screen.contains("● re-auth"))
            let coloured = try await tmux.capture(colours: true)
            #expect(
                coloured.contains("\u{1B}[41m") && coloured.contains("\u{1B}[32m"), "no health colours in:\n\(coloured)"
            )

            try await tmux.send("Enter")
            screen = try await tmux.waitFor(text: "Refresh runway")
            #expect(screen.contains("2022 HYUNDAI Ioniq 5") && screen.contains("invalid_grant"))
            try await tmux.send("Escape")
            try await tmux.waitFor(text: "Runway")

            try await tmux.send("/")
            try await tmux.send("tesla", literal: true)
            screen = try await tmux.waitFor(text: "/ tesla")
            #expect(screen.contains("Model Y") && !screen.contains("Gus Fring"))
            try await tmux.send("Enter")
            try await tmux.waitFor(text: "matching “tesla”: 2 of 8")
            try await tmux.send("/")
            try await tmux.send("Escape")
            try await tmux.waitFor(text: "Gus Fring")

            try await tmux.resize(width: 120, height: 40)
            try await tmux.waitFor(text: "Bob Builder & Sons Haulage") // cut to "Bob Builde…" at 80 columns

            try await tmux.send("?")
            screen = try await tmux.waitFor(text: "Group by connection")
            #expect(screen.contains("┌─ Keys ─"), "no UTF-8 box lines:\n\(screen)")
            try await tmux.send("Space")
            try await tmux.waitFor("the help to close") { !$0.contains("Group by connection") }

            try await tmux.send("q")
            screen = try await tmux.waitFor(text: "__EXIT__=0")
            #expect(!screen.contains("Carport ›"), "the TUI is still on screen:\n\(screen)")
        }
    }

    /// Ctrl-C and SIGTERM end the UI cleanly; a crash (SIGSEGV) restores the terminal before dying.
    @Test(arguments: [("C-c", 130), ("TERM", 143), ("SEGV", 139)])
    func signalsRestoreTheTerminal(signal: String, status: Int) async throws {
        let setup = try await seededStore()
        let pidFile = setup.home.appendingPathComponent("pid").path
        let command = "sh -c " + TmuxSession.quote("echo $$ > \(pidFile); exec \(setup.binary)")
        // The crash handler chains to the Swift runtime's backtracer, which on a terminal waits
        // 30 s for a key after printing the backtrace (and with interactive=no the app survived a
        // SIGSEGV sent by kill): off, so the default action ends the process.
        try await session(command, setup, environment: ["SWIFT_BACKTRACE": "enable=no"]) { tmux in
            try await tmux.waitFor(text: "Gus Fring")
            if signal == "C-c" {
                try await tmux.send("C-c")
            } else {
                let pid = try #require(
                    Int32(
                        String(contentsOfFile: pidFile, encoding: .utf8)
                            .trimmingCharacters(in: .whitespacesAndNewlines)))
                kill(pid, signal == "TERM" ? SIGTERM : SIGSEGV)
            }
            let screen = try await tmux.waitFor(text: "__EXIT__=")
            #expect(screen.contains("__EXIT__=\(status)"))
            #expect(!screen.contains("Carport ›"), "the TUI is still on screen:\n\(screen)")
        }
    }

    @Test func readOnlyWithoutColours() async throws {
        let setup = try await seededStore()
        try await session(setup.binary + " tui --read-only", setup, environment: ["NO_COLOR": "1"]) { tmux in
            try await tmux.waitFor(text: "READ-ONLY")
            let plain = try await tmux.capture(colours: true)
            #expect(
                plain.range(of: "\u{1B}\\[(3|4)[0-7]m", options: .regularExpression) == nil,
                "colours despite NO_COLOR:\n\(plain)")
            #expect(plain.contains("\u{1B}[1;7m"), "no reverse title in monochrome:\n\(plain)")
            try await tmux.send("x")
            try await tmux.waitFor(text: "Read-only: Disconnect the vehicle")
            try await tmux.send("q")
            try await tmux.waitFor(text: "__EXIT__=0")
        }
    }
}
