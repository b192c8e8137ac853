import ArgumentParser
import CarportApp
import CarportCore
import CarportTerminal
import Foundation

/// `carport tui`, and `carport` with no arguments: the full-screen UI on the configured store.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the full-screen UI on the configured store (the default on a terminal).",
        discussion: """
            Press ? inside for the keys. The UI refreshes due connections in the background through \
            the same locked refresh engine as `carport refresh --due`. With --read-only nothing that \
            changes tokens, the store or a vehicle can run, background refreshes included.
            """)

    @Flag(help: "Disable every action that changes anything (refresh, re-auth, lock, unlock, disconnect, connect).")
    var readOnly = false

    func run() async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure.fail(
                CarportError(
                    .usage,
                    "The full-screen UI needs a terminal. In scripts use the subcommands; `carport --help` lists them.")
            )
        }
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let app = TerminalApp(ports: carport.tuiPorts(readOnly: readOnly), clock: carport.clock, readOnly: readOnly)
        try await CommandFailure.reporting { try await app.run() }
        // Like a shell: a run ended by SIGINT or SIGTERM exits 128 + the signal, after restoring the terminal.
        if let signal = app.endingSignal { throw ExitCode(128 + signal) }
    }
}
