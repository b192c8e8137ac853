import ArgumentParser
import CarportApp
import CarportCore
import CarportTUI
import Foundation

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check the configuration (classic and v3 applications), the store, the key and the network; each problem comes with its fix.",
        discussion: "Exit 0 when every check passes, 1 otherwise.")

    @Flag(help: "Skip the network checks of the Smartcar origins and the v3 application token.")
    var offline = false

    func run() async throws {
        let findings = await Doctor.examine(environment: ProcessInfo.processInfo.environment, offline: offline)
        report(findings)
        if findings.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }

    private func report(_ findings: [DoctorFinding]) {
        for f in findings {
            Console.print("\(f.ok ? "ok  " : "FAIL", role: f.ok ? .healthy : .error) \(f.title)")
            for line in f.fix?.split(separator: "\n") ?? [] { Console.print("     \(String(line))") }
        }
        let failed = findings.filter { !$0.ok }.count
        Console.print(failed == 0 ? "\nEverything looks right." : "\n\(failed) problem\(failed == 1 ? "" : "s") found.")
    }
}
