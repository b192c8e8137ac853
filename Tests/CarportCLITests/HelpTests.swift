import CarportCore
import CarportTestSupport
import Foundation
import Testing

struct HelpTests {
    @Test func helpAndVersionWork() throws {
        let home = try CarportBinary.temporaryHome()
        let help = try ChildProcess.run(CarportBinary.path, ["--help"], environment: CarportBinary.environment(home: home))
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: carport"))
        let version = try ChildProcess.run(CarportBinary.path, ["--version"], environment: CarportBinary.environment(home: home))
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == CarportVersion.current)
    }

    @Test func tmuxHarnessSeesTheScreenAndTheExitStatus() throws {
        let home = try CarportBinary.temporaryHome()
        let session = try TmuxSession(command: "\(CarportBinary.path) --version", environment: CarportBinary.environment(home: home))
        defer { session.kill() }
        let screen = try session.waitFor(text: "__EXIT__=0")
        #expect(screen.contains(CarportVersion.current))
    }
}
