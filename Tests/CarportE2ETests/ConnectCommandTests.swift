import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `carport connect` as a process: what a script sees on stdout, the SSH hint, the exit codes.
struct ConnectCommandTests {
    static func environment(home: URL, redirect: String, extra: [String: String] = [:]) -> [String: String] {
        CarportBinary.environment(
            home: home,
            extra: [
                "SMARTCAR_CLIENT_ID": "cid", "SMARTCAR_CLIENT_SECRET": "CANARY-secret-77",
                "SMARTCAR_REDIRECT_URI": redirect, "SMARTCAR_CONNECT_ORIGIN": "http://127.0.0.1:9",
                "SMARTCAR_AUTH_ORIGIN": "http://127.0.0.1:9", "SMARTCAR_API_ORIGIN": "http://127.0.0.1:9",
            ].merging(extra) { $1 })
    }

    /// The environment for a carport that talks to `emulator` and catches at `redirect`.
    static func environment(home: URL, redirect: String, emulator: Emulator) -> [String: String] {
        let origin = emulator.baseURL.absoluteString
        return environment(
            home: home, redirect: redirect,
            extra: [
                "SMARTCAR_CLIENT_ID": EmulatorConfig.demoClientId,
                "SMARTCAR_CLIENT_SECRET": EmulatorConfig.demoClientSecret,
                "SMARTCAR_CONNECT_ORIGIN": origin, "SMARTCAR_AUTH_ORIGIN": origin, "SMARTCAR_API_ORIGIN": origin,
                "CARPORT_MODE": "test",
            ])
    }

    @Test func printsTheURLAloneThenTimesOutWithNothingStored() async throws {
        let home = try CarportBinary.temporaryHome()
        let env = Self.environment(
            home: home, redirect: "http://localhost:0/callback",
            extra: ["SSH_CONNECTION": "203.0.113.7 50000 198.51.100.20 22", "USER": "ops"])
        let result = try await ChildProcess.run(
            CarportBinary.path,
            [
                "connect", "--customer", "ACME", "--scope", "read_vin", "required:read_odometer", "--mode", "test",
                "--make", "TESLA", "--single-select", "--vin", "5YJ3E1EA7MF000001", "--force-prompt", "--no-browser",
                "--timeout", "1s",
            ],
            environment: env, timeout: 30)
        #expect(result.status == 3, "\(result.stderr)")
        let firstLine = try #require(result.stdout.split(separator: "\n").first.map(String.init))
        #expect(
            firstLine.hasPrefix(
                "http://127.0.0.1:9/oauth/authorize?response_type=code&client_id=cid&approval_prompt=force&mode=test&redirect_uri=http%3A%2F%2Flocalhost%3A"
            ))
        #expect(firstLine.contains("scope=read_vin+required%3Aread_odometer"))
        #expect(firstLine.contains("make=TESLA&single_select_vin=5YJ3E1EA7MF000001&single_select=true"))
        #expect(!firstLine.contains(" "))
        let port = try #require(
            firstLine.range(of: #"localhost%3A(\d+)"#, options: .regularExpression)
                .map { firstLine[$0].dropFirst("localhost%3A".count) })
        #expect(result.stderr.contains("ssh -L \(port):localhost:\(port) ops@198.51.100.20"))
        #expect(result.stderr.contains("No callback arrived"))
        #expect(!result.stderr.contains("\u{1B}]"), "no terminal escapes when stderr is a file")
        #expect(!(result.stdout + result.stderr).contains("CANARY"))
    }

    @Test func busyPortNamesThePortAndTheWayOut() async throws {
        let listener = try FreePort.listener()
        defer { listener.close() }
        let port = listener.port
        let home = try CarportBinary.temporaryHome()
        let result = try await ChildProcess.run(
            CarportBinary.path, ["connect", "--customer", "ACME", "--no-browser", "--port", "\(port)"],
            environment: Self.environment(home: home, redirect: "http://localhost:8000/callback"), timeout: 30)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Port \(port) is already in use"))
        #expect(result.stderr.contains("--port"))
        #expect(result.stdout.isEmpty)
    }

    @Test func vinNeedsSingleSelect() async throws {
        let home = try CarportBinary.temporaryHome()
        let result = try await ChildProcess.run(
            CarportBinary.path, ["connect", "--customer", "ACME", "--vin", "5YJ3E1EA7MF000001"],
            environment: Self.environment(home: home, redirect: "http://localhost:0/callback"), timeout: 30)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--vin works only with --single-select"))
    }
}
