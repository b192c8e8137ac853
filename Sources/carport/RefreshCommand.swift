import ArgumentParser
import CarportApp
import CarportCore
import Foundation

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Refresh token pairs: one connection, every connection, or what is due.",
        discussion: """
            Each connection is refreshed under a lock shared by every carport on this machine, so \
            several runs at once never spend one refresh token twice. --due picks what expires soon \
            or needs a keep-alive: run it from cron or a systemd timer to keep every connection alive.
            Exit codes: 0 nothing failed; 1 could not run (configuration, store, unknown connection); \
            3 a refresh failed for a transient reason (old pair kept; retry later); 4 a connection \
            needs re-authentication; 5 an answer was lost (the refresh token may be spent: run again \
            at once). When several apply, the highest wins.
            """)

    @Argument(help: "The id of the connection to refresh.")
    var connection: String?

    @Flag(help: "Refresh every connection (once per run, even with several runs at once).")
    var all = false

    @Flag(help: "Refresh only what is expiring, expired or due for a keep-alive.")
    var due = false

    @Option(help: "How many refresh requests are at Smartcar at once.")
    var concurrency = 8

    func validate() throws {
        guard [connection != nil, all, due].filter({ $0 }).count == 1 else {
            throw ValidationError("Name one connection, or pass --all or --due.")
        }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64.") }
    }

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let target: RefreshTarget = connection.map { .connection($0) } ?? (due ? .due : .all)
        let progress = RefreshProgress(onTerminal: isatty(STDERR_FILENO) == 1)
        let run = try await CommandFailure.reporting {
            try await carport.refresh(
                target, concurrency: concurrency, total: { progress.start(total: $0) },
                progress: { progress.record($0) })
        }
        progress.finish()
        if due {
            do { try carport.recordDueRun(run) } catch let error as CarportError {
                Console.error("carport: this run was not recorded for `carport metrics`: \(error.message)")
            }
        }
        for line in RefreshSummary(run).lines { Console.print("\(line)") }
        for (id, gaps) in run.missing.sorted(by: { $0.key < $1.key }) {
            Console.print("\(gaps.note(connectionId: id))")
        }
        if run.exitCode != 0 { throw ExitCode(run.exitCode) }
    }
}
