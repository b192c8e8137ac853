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
        let (run, _) = try await Self.connect { _ in }
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(run.page.contains("You can close this page"))
        let document = run.result.stdout.dropFirst(run.firstLine.count + 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        #expect(json["customer"] as? String == "ACME fleet")
        #expect(json["moved"] as? [Any] != nil)
        let vehicles = try #require(json["vehicles"] as? [[String: Any]])
        #expect(!vehicles.isEmpty)
        #expect(vehicles.allSatisfy { $0["health"] as? String == "healthy" && ($0["vin"] as? String)?.count == 17 })
        #expect(!(run.result.stdout + run.result.stderr).contains(EmulatorConfig.demoClientSecret))
    }

    @Test func linkingThatFailsAfterTheCodeExitsWith4() async throws {
        let (run, home) = try await Self.connect { emulator in
            await emulator.inject(.tokenError(status: 400, error: "invalid_request", description: "Invalid code: x."))
        }
        #expect(run.result.status == 4, "\(run.result.stderr)")
        #expect(run.result.stderr.contains("invalid_request"))
        let list = try await ChildProcess.run(
            CarportBinary.path, ["list", "--json"],
            environment: CarportBinary.environment(home: home))
        #expect(list.status == 0, "\(list.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        #expect((json["vehicles"] as? [Any])?.isEmpty == true, "nothing may be stored: \(list.stdout)")
    }

    @Test func theCountryFlagReachesConnectAndASimulatedVehicleOfThatCountrySignsIn() async throws {
        let arguments = [
            "connect", "--customer", "Jonas", "--mode", "simulated", "--country", "de", "--flag", "tesla_auth:true",
            "--no-browser",
        ]
        let (run, _) = try await Self.connect(
            arguments, approval: "&emulator_auto=approve&emulator_email=fahrer%40de.carport.test"
        ) { _ in }
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(run.firstLine.hasSuffix("&flags=country%3ADE+tesla_auth%3Atrue"), "\(run.firstLine)")
        let linked = run.result.stdout
        #expect(linked.contains("for Jonas") && linked.contains("1 vehicle(s)"), "\(linked)")
    }

    @Test(arguments: [
        (["--country", "USA"], "two-letter ISO 3166 code"), (["--country", "uk"], "GB for the United Kingdom"),
        (["--flag", "tesla auth"], "name:value without spaces"),
        (["--country", "DE", "--flag", "country:FR"], "`country` is given twice"),
    ])
    func aBadCountryOrFlagIsRefusedBeforeAnythingStarts(arguments: [String], says: String) async throws {
        let home = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try await ChildProcess.run(
            CarportBinary.path, ["connect", "--customer", "Jonas"] + arguments,
            environment: ConnectCommandTests.environment(home: home, redirect: "http://localhost:0/callback"))
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(says), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    struct Run {
        let firstLine: String
        let page: String
        let result: ChildProcess.Result
    }

    static let testModeArguments = [
        "connect", "--customer", "ACME fleet", "--mode", "test", "--scope", "read_vehicle_info read_vin",
        "--no-browser",
        "--json",
    ]

    /// Runs `carport connect` (`arguments`) against a fresh emulator (after `prepare`), approves in
    /// Connect (as `approval` says) and follows the redirect. Retries on another port if the
    /// chosen one was taken.
    static func connect(
        _ arguments: [String] = testModeArguments, approval: String = "&emulator_auto=approve",
        prepare: (Emulator) async -> Void
    ) async throws -> (Run, URL) {
        for attempt in 1...3 {
            let port = try FreePort.next()
            let redirect = "http://localhost:\(port)/callback"
            let linked: (Run, URL)? = try await withEmulator(EmulatorConfig(redirectURIs: [redirect])) { emulator in
                await prepare(emulator)
                let home = try CarportBinary.temporaryHome()
                let child = try ChildProcess.spawn(
                    CarportBinary.path, arguments,
                    environment: ConnectCommandTests.environment(home: home, redirect: redirect, emulator: emulator))
                guard let firstLine = try await firstLine(of: child) else {
                    let result = await child.wait(timeout: 10)
                    if result.stderr.contains("already in use"), attempt < 3 { return nil }
                    throw CarportError(.internal, "no Connect URL: \(result.stderr)")
                }
                // The browser: Connect answers 302 to the catcher, which URLSession follows.
                let (body, response) = try await URLSession.shared.data(
                    from: URL(string: firstLine + approval)!)
                #expect((response as? HTTPURLResponse)?.url?.host == "localhost")
                let result = await child.wait(timeout: 30)
                #expect(result.stdout.hasPrefix(firstLine + "\n"))
                return (Run(firstLine: firstLine, page: String(decoding: body, as: UTF8.self), result: result), home)
            }
            if let linked { return linked }
        }
        throw CarportError(.internal, "no free port")
    }

    /// Polls the child's stdout for its first complete line; nil if it exits first or writes no
    /// line within 30 s.
    static func firstLine(of child: ChildProcess) async throws -> String? {
        do {
            return try await poll(for: "the first line of carport connect", timeout: .seconds(30)) { () -> String?? in
                let out = child.currentStdout()
                if let newline = out.firstIndex(of: "\n") { return .some(String(out[..<newline])) }
                return child.hasExited() ? .some(nil) : nil
            }
        } catch is PollTimeout {
            return nil
        }
    }
}
