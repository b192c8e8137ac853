import ArgumentParser
import CarportApp
import CarportCore
import Foundation
import SmartcarEmulator

/// `carport emulator`: a local Smartcar in the foreground until Ctrl-C or SIGTERM.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run the local Smartcar emulator (Connect, token service, Vehicle API, admin API).",
        discussion: """
            Prints the export lines a client needs, then serves until Ctrl-C. The app comes from \
            SMARTCAR_CLIENT_ID, SMARTCAR_CLIENT_SECRET and SMARTCAR_REDIRECT_URI when set, and its API \
            v3 side from SMARTCAR_APPLICATION_ID, SMARTCAR_API_CLIENT_ID and SMARTCAR_API_CLIENT_SECRET, \
            demo values otherwise. The admin API and test accounts are described in docs/EMULATOR.md.
            """)

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port: UInt16 = 8000

    @Option(help: "IPv4 address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Seconds each command (lock, unlock, charge) takes before it answers, as a car's does.")
    var commandSeconds: Double = 0

    @Flag(help: "API v3 lock and unlock answer 202 at once and finish --command-seconds later.")
    var longRunningCommands = false

    @Flag(
        help:
            "Refuse a refresh token used after its grace window without revoking its family, as Smartcar documents (the default revokes it, stricter)."
    )
    var documentedReuse = false

    func run() async throws {
        var config = EmulatorConfig.fromEnvironment(ProcessInfo.processInfo.environment)
        config.host = host
        config.port = port
        config.commandDuration = max(0, commandSeconds)
        config.revokeFamilyOnReuse = !documentedReuse
        config.longRunningCommands = longRunningCommands
        let emulator = try await buildEmulator(config: config)
        do {
            try await emulator.start()
        } catch {
            throw CommandFailure.fail(
                CarportError(
                    .usage,
                    "Could not listen on \(host):\(port): \(error). Pick another --port, or 0 for any free one."))
        }
        write(config.exportLines(baseURL: emulator.baseURL))
        await Termination.wait()
        await emulator.stop()
        write("emulator stopped\n")
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
