import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `carport connect` as a process against the emulator: the test reads the Connect URL from the
/// first stdout line, lets the emulator's Connect approve, and follows the redirect to the
/// catcher as the browser would.
struct ConnectEmulatorTests {
    @Test func connectLinksAndPrintsJSON() async throws {
        for attempt in 1...3 {
            let port = try TUIConnectTests.quietPort()
            let redirect = "http://localhost:\(port)/callback"
            let emulator = try await buildEmulator(config: EmulatorConfig(redirectURIs: [redirect]))
            try await emulator.start()
            defer { Task { await emulator.stop() } }
            let env = ConnectCommandTests.environment(home: try CarportBinary.temporaryHome(), redirect: redirect,
                                                      emulator: emulator)
            let child = try ChildProcess.spawn(
                CarportBinary.path, ["connect", "--customer", "ACME fleet", "--mode", "test", "--scope",
                                     "read_vehicle_info read_vin", "--no-browser", "--json"], environment: env)
            let firstLine = try await Self.firstLine(of: child)
            guard let firstLine else {
                let result = await child.wait(timeout: 10)
                if result.stderr.contains("already in use"), attempt < 3 { continue }
                Issue.record("no Connect URL: \(result.stderr)")
                return
            }
            // The browser: Connect answers 302 to the catcher, which URLSession follows.
            let connect = try #require(URL(string: firstLine + "&emulator_auto=approve"))
            let (body, response) = try await URLSession.shared.data(from: connect)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect((response as? HTTPURLResponse)?.url?.host == "localhost")
            #expect(String(decoding: body, as: UTF8.self).contains("You can close this tab"))
            let result = await child.wait(timeout: 30)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix(firstLine + "\n"))
            let document = result.stdout.dropFirst(firstLine.count + 1)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
            #expect(json["customer"] as? String == "ACME fleet")
            #expect(json["moved"] as? [Any] != nil)
            let vehicles = try #require(json["vehicles"] as? [[String: Any]])
            #expect(!vehicles.isEmpty)
            #expect(vehicles.allSatisfy { $0["health"] as? String == "healthy" && ($0["vin"] as? String)?.count == 17 })
            #expect(!(result.stdout + result.stderr).contains(EmulatorConfig.demoClientSecret))
            return
        }
    }

    /// Polls the child's stdout for its first complete line; nil if it exits first.
    static func firstLine(of child: ChildProcess) async throws -> String? {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let out = child.currentStdout()
            if let newline = out.firstIndex(of: "\n") { return String(out[..<newline]) }
            var info = siginfo_t()
            if waitid(P_PID, id_t(child.pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0,
               info._sifields._sigchld.si_pid == child.pid { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
