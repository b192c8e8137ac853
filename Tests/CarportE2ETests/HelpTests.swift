import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

struct HelpTests {
    @Test func helpAndVersionWork() async throws {
        let home = try CarportBinary.temporaryHome()
        let help = try await ChildProcess.run(
            CarportBinary.path, ["--help"], environment: CarportBinary.environment(home: home))
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: carport"))
        let version = try await ChildProcess.run(
            CarportBinary.path, ["--version"], environment: CarportBinary.environment(home: home))
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == CarportVersion.current)
    }

    @Test func tmuxHarnessSeesTheScreenAndTheExitStatus() async throws {
        let home = try CarportBinary.temporaryHome()
        let session = try await TmuxSession(
            command: "\(CarportBinary.path) --version", environment: CarportBinary.environment(home: home))
        let screen = try await session.waitFor(text: "__EXIT__=0")
        await session.kill()
        #expect(screen.contains(CarportVersion.current))
    }

    /// A port already taken: one plain line that says what to do, exit 1, no usage dump.
    @Test func emulatorOnATakenPortSaysSo() async throws {
        let home = try CarportBinary.temporaryHome()
        let (port, run) = try await withEmulator(EmulatorConfig(seedDemoWorld: false)) { taken in
            let port = try #require(taken.baseURL.port)
            let run = try await ChildProcess.run(
                CarportBinary.path, ["emulator", "--port", String(port)],
                environment: CarportBinary.environment(home: home))
            return (port, run)
        }
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "carport: Could not listen on 127.0.0.1:\(port): Address already in use. Pick another --port, or 0 for any free one.\n"
        )
    }
}
