import ArgumentParser
import CarportApp
import CarportCallback
import CarportCore

/// The options `connect` and `reauth` share, and how both wait for the customer and report.
struct SessionOptions: ParsableArguments {
    @Flag(help: "Do not try to open a browser on this machine.")
    var noBrowser = false

    @Flag(help: "Also print the Connect URL as a QR code (on stderr, black on white), for a phone next to you.")
    var qr = false

    @Option(
        help: "Catch the callback on this port instead of the redirect URI's (register http://localhost:N/… first).")
    var port: UInt16?

    @Option(
        help: ArgumentHelp(
            "How long to wait for the customer, e.g. 90s or 10m (the code lives 10 minutes).",
            valueName: "duration"),
        transform: ConnectRunner.parseTimeout)
    var timeout: Duration = .seconds(600)

    @Flag(help: "Print the result as JSON (docs/JSON.md) after the Connect URL line.")
    var json = false

    /// Waits for the session to end, then prints what was linked (`verb`: Linked, Re-authorised).
    func finish(_ session: ConnectSession, carport: Carport, verb: String) async throws {
        let linked = try await ConnectRunner(openBrowser: !noBrowser, qrCode: qr).run(session, timeout: timeout)
        if json {
            try JSONOutput.print(LinkedReport.Output(linked, at: carport.clock.now()))
        } else {
            for line in LinkedReport.lines(linked, verb: verb) {
                Console.print("\(line)")
            }
        }
    }
}

/// `--kind classic|v3` on `connect` and `reconcile` (README, "Classic and v3 apps").
extension ApplicationKind: ExpressibleByArgument {}
