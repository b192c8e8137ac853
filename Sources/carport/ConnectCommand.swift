import ArgumentParser
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
            http://localhost:PORT/ that leads to Connect, and the redirect URL pasted here on stdin. \
            Over SSH it prints the `ssh -L` line to run on your laptop. With --json the last line of \
            stdout is the result as one JSON object.
            Exit codes: 0 linked; 1 could not start (configuration, store, port in use); 3 the session \
            ended without linking (Connect error, timeout); 4 linking failed after the code arrived.
            """)

    @Option(help: "A label for the customer, shown in lists and the audit log.")
    var customer: String

    @Option(name: .customLong("scope"), parsing: .upToNextOption,
            help: "Permissions to request (repeat, or separate by spaces or commas); prefix `required:` to insist.")
    var scopes: [String] = []

    @Option(help: "live, simulated or test (default: CARPORT_MODE, else live).",
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

    @Flag(help: "Do not try to open a browser on this machine.")
    var noBrowser = false

    @Option(help: "Catch the callback on this port instead of the redirect URI's (register http://localhost:N/… first).")
    var port: UInt16?

    @Option(help: ArgumentHelp("How long to wait for the customer, e.g. 90s or 10m (the code lives 10 minutes).",
                               valueName: "duration"),
            transform: ConnectRunner.parseTimeout)
    var timeout: Duration = .seconds(600)

    @Flag(help: "Print the result as JSON on the last line of stdout.")
    var json = false

    func validate() throws {
        guard !customer.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--customer needs a label, e.g. --customer \"ACME fleet\".")
        }
        if vin != nil, !singleSelect { throw ValidationError("--vin works only with --single-select.") }
    }

    func run() async throws {
        let context = try CommandFailure.reporting { try AppContext.load() }
        let client = try CommandFailure.reporting { try context.smartcar() }
        let configuration = context.configuration
        let redirect = try CommandFailure.reporting { try Self.redirectURI(configuration, port: port) }
        let chosenMode = mode ?? configuration.mode
        let requested = scopes.isEmpty ? configuration.scopes
            : scopes.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) }
        let request = ConnectRequest(
            clientId: try CommandFailure.reporting { try configuration.requireClientId() },
            scopes: requested.map(ConnectRequest.Scope.init(parsing:)), forcePrompt: forcePrompt, mode: chosenMode,
            make: make, singleSelect: vin.map { .vin($0) } ?? (singleSelect ? .enabled : nil))
        let linker = ConnectFlowLinker(api: client, store: context.store, clock: context.clock,
                                       random: context.random, osUser: context.osUser)
        let customer = customer
        let session = ConnectSession(
            settings: .init(request: request, connectOrigin: configuration.connectOrigin, redirectURI: redirect,
                            timeout: timeout),
            random: context.random,
            complete: { grant, redirectURI in
                guard case .code(let code) = grant else { throw CarportError(.internal, "Connect returned no code.") }
                return try await linker.link(code: code, .init(customer: customer, mode: chosenMode, redirectURI: redirectURI))
            })
        let linked = try await ConnectRunner(openBrowser: !noBrowser).run(session, timeout: timeout)
        print(json ? LinkedReport.json(linked) : LinkedReport.text(linked, verb: "Linked"))
    }

    /// The configured redirect URI, with its port replaced by `--port`.
    static func redirectURI(_ configuration: Configuration, port: UInt16?) throws -> URL {
        let text = try configuration.requireRedirectURI()
        guard var components = URLComponents(string: text), components.scheme != nil, components.host != nil else {
            throw CarportError(.configuration, "SMARTCAR_REDIRECT_URI `\(text)` is not a URL like http://localhost:8000/callback.")
        }
        if let port { components.port = Int(port) }
        return components.url!
    }
}
