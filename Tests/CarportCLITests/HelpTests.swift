import CarportCore
import CarportTestSupport
import Foundation
import Testing

struct HelpTests {
    @Test func helpAndVersionWork() async throws {
        let home = try CarportBinary.temporaryHome()
        let help = try await ChildProcess.run(CarportBinary.path, ["--help"], environment: CarportBinary.environment(home: home))
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: carport"))
        let version = try await ChildProcess.run(CarportBinary.path, ["--version"], environment: CarportBinary.environment(home: home))
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == CarportVersion.current)
    }

    @Test func tmuxHarnessSeesTheScreenAndTheExitStatus() async throws {
        let home = try CarportBinary.temporaryHome()
        let session = try await TmuxSession(command: "\(CarportBinary.path) --version", environment: CarportBinary.environment(home: home))
                let screen = try await session.waitFor(text: "__EXIT__=0")
        await session.kill()
        #expect(screen.contains(CarportVersion.current))
    }
}
