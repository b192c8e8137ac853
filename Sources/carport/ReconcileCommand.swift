import ArgumentParser
import CarportApp
import CarportCore
import Foundation

struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare the store with Smartcar's own list of this application's connections.",
        discussion: """
            Reads every page of Smartcar's Management API (GET /v2.0/management/connections) with the \
            application management token from SMARTCAR_MANAGEMENT_TOKEN or the file that \
            SMARTCAR_MANAGEMENT_TOKEN_FILE (or `management_token_file`) names, never from the command line; \
            for a v3 app, every page of GET /v3/connections with the application token. Each configured \
            kind is compared with the stored connections of that kind (--kind picks one). \
            It reports orphans (vehicles connected at Smartcar that no stored connection reaches: a classic \
            app's tokens are lost, the customer must reconnect and may still be billed), stored connections Smartcar no \
            longer lists (each is marked as needing re-authentication, with the reason, audited) and mode \
            mismatches. --disconnect-orphans removes the orphans at Smartcar after you type their number; \
            without a terminal it refuses unless --yes is given.
            Exit codes: 0 the store and Smartcar agree; 3 orphans or mode mismatches were found; 4 a \
            stored connection is gone at Smartcar; 1 carport could not run (configuration, token, network).
            """)

    @Flag(help: "Print JSON (see docs/JSON.md).")
    var json = false

    @Flag(help: "Remove the orphans at Smartcar (Management API DELETE) after a typed confirmation.")
    var disconnectOrphans = false

    @Flag(help: "With --disconnect-orphans: do not ask for confirmation.")
    var yes = false

    @Option(
        help: ArgumentHelp("Only classic or only v3 connections (default: every configured kind).", valueName: "kind"))
    var kind: ApplicationKind?

    func validate() throws {
        if yes && !disconnectOrphans { throw ValidationError("--yes goes with --disconnect-orphans only.") }
    }

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let apis = try CommandFailure.reporting { try carport.managementAPIs(kind.map { [$0] }) }
        var reports: [ReconcileReport] = []
        for (kind, api) in apis {
            reports.append(try await CommandFailure.reporting { try await carport.reconcile(using: api, kind: kind) })
        }
        var report = ReconcileReport.merged(reports)
        if !json { ReconcileOutput.summary(report) }
        if disconnectOrphans && !report.orphans.isEmpty {
            let removable = report.removable
            if !yes && !removable.isEmpty { try confirm(removable) }
            report = try await CommandFailure.reporting { try await carport.disconnectOrphans(report, using: apis) }
            if !json { ReconcileOutput.removals(report) }
        }
        if json { try ReconcileOutput.json(report) }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// Asks for the number of orphans that would be removed (those kept are not counted) to be
    /// typed on the terminal; with --json, whose list is not shown yet, they are named on stderr first.
    private func confirm(_ removable: [ReconcileItem]) throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure.fail(CarportError(.usage, OrphanRemovalConfirmation.noTerminal))
        }
        if json {
            for item in removable {
                Console.error("to remove: vehicle \(item.vehicleId) of Smartcar user \(item.userId)")
            }
        }
        let confirmation = OrphanRemovalConfirmation(count: removable.count)
        FileHandle.standardError.write(Data(confirmation.prompt.utf8))
        guard confirmation.accepts(readLine() ?? "") else {
            throw CommandFailure.fail(CarportError(.usage, confirmation.refusal))
        }
    }
}
