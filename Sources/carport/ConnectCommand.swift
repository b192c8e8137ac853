import ArgumentParser
import CarportApp
import CarportCallback
import CarportCore
import Foundation

struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Start a Connect session for a customer and link the vehicles they approve.",
        discussion: """
            Prints the Connect URL alone on the first line of stdout, then waits for the customer. \
            Three ways in race, and the first valid one wins: the browser's redirect to the local \
            catcher (http://localhost:PORT, both 127.0.0.1 and ::1), the short URL \
            http://localhost:PORT/c/… (secret, one session) that leads to Connect, and the redirect \
            URL pasted here on stdin. \
            With CARPORT_CALLBACK_PAGE=hosted the redirect URI is your copy of contrib/callback-page/ \
            (README, "A callback page to host"): no catcher starts, and you paste the short text \
            (code=…&state=…) that the page copies for the customer to send you. \
            Over SSH it prints the `ssh -L` line to run on your laptop. With --json the rest of stdout, \
            after the URL line, is one JSON document (docs/JSON.md).
            Exit codes: 0 linked; 1 could not start (configuration, store, port in use); 3 the session \
            ended without linking (Connect error, timeout); 4 linking failed after the code arrived.
            """)

    @Option(help: "A label for the customer, shown in lists and the audit log.")
    var customer: String

    @Option(
        name: .customLong("scope"), parsing: .upToNextOption,
        help: "Permissions to request (repeat, or separate by spaces or commas); prefix `required:` to insist.")
    var scopes: [String] = []

    @Option(
        help: "live, simulated or test (default: CARPORT_MODE, else live).",
        transform: { text in
            guard let mode = ConnectMode(rawValue: text) else {
                throw ValidationError("--mode must be live, simulated or test; got `\(text)`.")
            }
            return mode
        })
    var mode: ConnectMode?

    @Option(help: "Skip Connect's brand selector, e.g. TESLA.")
    var make: String?

    @Flag(help: "Let the customer pick one vehicle only.")
    var singleSelect = false

    @Option(help: "With --single-select: offer only this VIN.")
    var vin: String?

    @Flag(help: "Always show Connect's permission screen (approval_prompt=force).")
    var forcePrompt = false

    @Option(
        help: ArgumentHelp(
            "The customer's country, an ISO code such as DE: Connect lists that country's brands (a simulated vehicle's login needs it).",
            valueName: "code"))
    var country: String?

    @Option(
        name: .customLong("flag"),
        help: ArgumentHelp(
            "Another Connect flag, passed through as name:value (repeat for more).", valueName: "name:value"))
    var flags: [String] = []

    @Option(
        help: ArgumentHelp(
            "classic (a token pair, Vehicle API v2.0) or v3 (a v3 app's connection, no pair); default: v3 when "
                + "SMARTCAR_APPLICATION_ID or the API credentials are set, else classic.",
            valueName: "kind"))
    var kind: ApplicationKind?

    @OptionGroup var options: SessionOptions

    func validate() throws {
        guard !customer.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--customer needs a label, e.g. --customer \"ACME fleet\".")
        }
        guard !customer.unicodeScalars.contains(where: TerminalText.isUnsafe) else {
            throw ValidationError(
                "--customer must not contain control characters or bidi overrides (other operators' terminals "
                    + "would run them); type the label as plain text.")
        }
        if vin != nil, !singleSelect { throw ValidationError("--vin works only with --single-select.") }
        do {
            _ = try ConnectFlags.parse(country: country, others: flags)
        } catch let error as CarportError {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let configuration = carport.configuration
        let requested = scopes.isEmpty ? configuration.scopes : PermissionList.parse(scopes)
        let session = try CommandFailure.reporting {
            let kind = carport.connectKind(kind)
            let request = ConnectRequest(
                clientId: try carport.connectClientId(kind),
                scopes: requested.map(ConnectRequest.Scope.init(parsing:)),
                forcePrompt: forcePrompt, mode: mode ?? configuration.mode, make: make,
                singleSelect: vin.map { .vin($0) } ?? (singleSelect ? .enabled : nil),
                flags: try ConnectFlags.parse(country: country, others: flags))
            return try carport.connectSession(
                customer: customer, request: request, kind: kind, port: options.port,
                timeout: options.timeout)
        }
        try await options.finish(session, carport: carport, verb: "Linked")
    }
}
