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

    /// The bundle's parts other than the vehicles, which stream (docs/JSON.md).
    enum Bundle {
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
            let applicationId: String?
            let apiClientId: String?
            let apiClientSecret: String
            let iamOrigin: String
            let vehicleAPIV3Origin: String
        }
        struct Versions: Encodable {
            let carport: String
            let os: String
        }
    }

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let now = carport.clock.now()
        let c = carport.configuration
        let audit = try await CommandFailure.reporting {
            try await carport.store.auditLog(since: nil, limit: auditEntries)
        }
        let shown = { (secret: Secret?) in secret == nil ? "not set" : "set (redacted)" }
        let settings = Bundle.Settings(
            clientId: c.clientId, clientSecret: shown(c.clientSecret),
            redirectURI: c.redirectURI, mode: c.mode.rawValue, scopes: c.scopes,
            connectOrigin: c.connectOrigin.absoluteString, tokenURL: c.tokenURL.absoluteString,
            apiOrigin: c.apiOrigin.absoluteString, home: c.home.path, configFile: c.file?.path,
            applicationId: c.applicationId, apiClientId: c.apiClientId, apiClientSecret: shown(c.apiClientSecret),
            iamOrigin: c.iamOrigin.absoluteString, vehicleAPIV3Origin: c.vehicleAPIV3Origin.absoluteString)
        let info = ProcessInfo.processInfo
        // Keys in sorted order, the vehicles streamed: a large fleet is never held in memory.
        var stream = JSONStream.standardOutput()
        stream.beginObject()
        stream.key("audit")
        try stream.encode(audit.map(AuditCommand.Entry.init))
        stream.key("configuration")
        try stream.encode(settings)
        stream.key("generatedAt")
        stream.date(now)
        stream.key("vehicles")
        try await CommandFailure.reporting {
            try await carport.writeFleetRows(into: &stream, at: now, redactingVIN: true)
        }
        stream.key("versions")
        try stream.encode(
            Bundle.Versions(carport: CarportVersion.current, os: info.operatingSystemVersionString))
        stream.endObject()
        stream.finish()
    }
}
