import ArgumentParser
import CarportApp
import CarportCore
import CarportTerminal
import Foundation

/// `carport demo`: the full-screen UI on a throw-away store against the embedded emulator.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open the full-screen UI on a throw-away store against the embedded Smartcar emulator.",
        discussion: """
            Starts the emulator on a free loopback port and seeds a fresh store so that every health \
            state is on screen. Press n to connect a vehicle, then A to approve as the customer (no \
            browser needed); w and W move the app's and the emulator's clocks 1 hour or 7 days \
            forward so expiry, automatic refresh and re-authentication show in seconds. Nothing \
            touches your own store or configuration; the demo's store is deleted on exit. \
            With --callback-page hosted, Connect ends on the emulator's copy of the page a team hosts \
            (contrib/callback-page/), as for a customer on their own phone: A then pastes what that \
            customer would send back.
            """)

    @Option(help: "Seconds before the first background refresh, so every health state can be seen first.")
    var firstRefreshAfter = 20

    @Option(
        help: "Where Connect ends: catcher (Carport's own page on this machine) or hosted (the page a team hosts).",
        transform: { text in
            guard let page = Configuration.CallbackPage(rawValue: text) else {
                throw ValidationError("--callback-page must be catcher or hosted; got `\(text)`.")
            }
            return page
        })
    var callbackPage = Configuration.CallbackPage.catcher

    func run() async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure.fail(CarportError(.usage, "carport demo needs a terminal."))
        }
        let world = try await CommandFailure.reporting { try await DemoWorld.start(callbackPage: callbackPage) }
        do {
            let carport = try await buildCarport(environment: world.environment, clock: world.clock)
            try await world.seed(into: carport.store)
            let app = TerminalApp(
                ports: carport.tuiPorts(readOnly: false, demo: world.controls), clock: world.clock,
                readOnly: false, firstAutoRefreshAfter: TimeInterval(firstRefreshAfter))
            try await app.run()
            await world.stop()
            if let signal = app.endingSignal { throw ExitCode(128 + signal) }
        } catch let error as CarportError {
            await world.stop()
            throw CommandFailure.fail(error)
        }
    }
}
