import ArgumentParser
import CarportApp
import CarportCore
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print a support bundle that is safe to paste into a ticket.",
        discussion: """
            The bundle holds the configuration without secrets, the health of every vehicle, the \
            recent audit log and version information. Tokens and the client secret never appear; \
            --redacted is required so that nobody expects a full backup from it.
            """)

    @Flag(help: "Leave out every secret (required).")
    var redacted = false

    @Option(help: "How many recent audit entries to include.")
    var auditEntries = 50

    func validate() throws {
        guard redacted else {
            throw ValidationError("Only a redacted bundle can be exported: run `carport export --redacted`.")
        }
    }

    struct Bundle: Encodable {
        struct Settings: Encodable {
            let clientId: String?
            let clientSecret: String
            let redirectURI: String?
            let mode: String
            let scopes: [String]
            let connectOrigin: String
            let tokenURL: String
            let apiOrigin: String
            let home: String
            let configFile: String?
        }
        struct Versions: Encodable {
            let carport: String
            let os: String
        }
        let generatedAt: Date
        let versions: Versions
        let configuration: Settings
        let vehicles: [JSONOutput.VehicleRow]
        let audit: [AuditCommand.Entry]
    }

    func run() async throws {
        let carport = try CommandFailure.reporting { try buildCarport() }
        let now = carport.clock.now()
        let c = carport.configuration
        let rows = try await CommandFailure.reporting { try await carport.fleet(at: now).rows }
        let audit = try await CommandFailure.reporting {
            try await carport.store.auditLog(since: nil, limit: auditEntries)
        }
        let settings = Bundle.Settings(
            clientId: c.clientId, clientSecret: c.clientSecret == nil ? "not set" : "set (redacted)",
            redirectURI: c.redirectURI, mode: c.mode.rawValue, scopes: c.scopes,
            connectOrigin: c.connectOrigin.absoluteString, tokenURL: c.tokenURL.absoluteString,
            apiOrigin: c.apiOrigin.absoluteString, home: c.home.path, configFile: c.file?.path)
        let info = ProcessInfo.processInfo
        try JSONOutput.print(
            Bundle(
                generatedAt: now,
                versions: .init(carport: CarportVersion.current, os: info.operatingSystemVersionString),
                configuration: settings, vehicles: rows.map { JSONOutput.VehicleRow($0, redactingVIN: true) },
                audit: audit.map(AuditCommand.Entry.init)))
    }
}
