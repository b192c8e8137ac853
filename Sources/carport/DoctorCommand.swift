import ArgumentParser
import CarportApp
import CarportCore
import CarportTUI
import Foundation

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration, the store, the key and the network; each problem comes with its fix.",
        discussion: "Exit 0 when every check passes, 1 otherwise.")

    @Flag(help: "Skip the network checks of the Smartcar origins.")
    var offline = false

    func run() async throws {
        let findings = await Doctor.examine(environment: ProcessInfo.processInfo.environment, offline: offline)
        report(findings)
        if findings.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }

    private func report(_ findings: [DoctorFinding]) {
        let style = TerminalStyle.forStandardOutput()
        for f in findings {
            print("\(f.ok ? style.paint("ok  ", .healthy) : style.paint("FAIL", .error)) \(f.title)")
            if let fix = f.fix { print(fix.split(separator: "\n").map { "     \($0)" }.joined(separator: "\n")) }
        }
        let failed = findings.filter { !$0.ok }.count
        print(failed == 0 ? "\nEverything looks right." : "\n\(failed) problem\(failed == 1 ? "" : "s") found.")
    }
}
