import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// The TUI's Connect screen in a real terminal (tmux), driving a real session against the
/// emulator: `n`, a customer label, Enter; the test opens the short URL as a browser would.
struct TUIConnectTests {
    @Test func connectScreenLinksThroughTheShortURL() async throws {
        let port = try Self.quietPort()
        let redirect = "http://localhost:\(port)/callback"
        let emulator = try await buildEmulator(config: EmulatorConfig(redirectURIs: [redirect], seedDemoWorld: false))
        try await emulator.start()
        defer { Task { await emulator.stop() } }
        let env = ConnectCommandTests.environment(
            home: try CarportBinary.temporaryHome(), redirect: redirect,
            emulator: emulator)
        let tui = try await TmuxSession(command: "\(CarportBinary.path) tui", width: 120, height: 30, environment: env)
        defer { Task { await tui.kill() } }
        try await tui.waitFor(text: "connect", timeout: 60) // the first start may wait for a loaded machine
        try await tui.send("n")
        try await tui.waitFor(text: "Who owns the vehicle?")
        try await tui.send("TUI customer", literal: true)
        try await tui.send("Enter")
        try await tui.waitFor(text: "http://localhost:\(port)/")

        // The browser opens the short URL: the catcher redirects to Connect, whose page is the preamble.
        let (_, preamble) = try await URLSession.shared.data(from: URL(string: "http://localhost:\(port)/")!)
        let connectURL = try #require(preamble.url)
        #expect(connectURL.path == "/oauth/authorize")
        let (_, callback) = try await URLSession.shared.data(
            from: URL(string: connectURL.absoluteString + "&emulator_auto=approve")!)
        #expect((callback as? HTTPURLResponse)?.statusCode == 200)
        let screen = try await tui.waitFor(text: "✓ Linked")
        #expect(screen.contains("for TUI customer"))
    }

    /// A free port below the ephemeral range, from a counter over 26000–31999 (see
    /// CarportCallbackTests' `quietPort`, which counts over 20000–25999).
    static func quietPort() throws -> UInt16 {
        for _ in 0..<50 {
            let port = quietCounter.withLock { value in
                value = (value + 1) % 6000
                return 26_000 + value
            }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = port.bigEndian
            let free = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            if free { return port }
        }
        throw CarportError(.internal, "no free port in 26000..<32000")
    }

    private static let quietCounter = Mutex(UInt16.random(in: 0..<6000))
}
