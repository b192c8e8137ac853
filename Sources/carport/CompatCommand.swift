import ArgumentParser
import CarportApp
import CarportCore
import CarportTUI
import Foundation

struct CompatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compat",
        abstract: "Before the customer connects: will their car work, and with which permissions?",
        discussion: """
            `carport compat VIN` checks the VIN's shape (17 letters and digits, no I, O or Q), then asks \
            Smartcar's compatibility API with the application's client credentials about the --scope \
            permissions (default: the configured ones). `carport compat --make MAKE --country XX` lists \
            what Smartcar supports for a brand in that region (models, years, powertrains, permissions). \
            See docs/SMARTCAR.md §5.9 for what Smartcar's answers are worth.
            Exit codes: 0 compatible and capable of every permission asked (with --make: models listed); \
            3 compatible, but some permission is not capable; 4 not compatible (with --make: no model \
            listed); 1 could not ask (configuration, credentials, network).
            """)

    @Argument(help: "The vehicle's VIN (17 characters).")
    var vin: String?

    @Option(help: "The vehicle's country, ISO 3166-1 alpha-2 (default US; needed with --make).")
    var country: String?

    @Option(
        name: .customLong("scope"), parsing: .upToNextOption,
        help: "Permissions to check (repeat, or separate by spaces or commas); default: the configured scopes.")
    var scopes: [String] = []

    @Option(help: "List the compatibility matrix for this brand instead of checking a VIN, e.g. TESLA.")
    var make: String?

    @Flag(help: "Print JSON (see docs/JSON.md).")
    var json = false

    func validate() throws {
        switch (vin, make) {
        case (nil, nil):
            throw ValidationError(
                "Give a VIN (carport compat VIN) or a brand (carport compat --make TESLA --country US).")
        case (.some, .some):
            throw ValidationError("Give either a VIN or --make, not both.")
        case (nil, .some):
            if country == nil { throw ValidationError("--make needs --country (the matrix is per region), e.g. US.") }
            if !scopes.isEmpty { throw ValidationError("--scope works with a VIN only.") }
        case (.some, nil):
            break
        }
    }

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        if let make {
            let region = try CommandFailure.reporting { try MatrixRegion.of(country: country ?? "") }
            let models = try await CommandFailure.reporting {
                try await carport.compatibilityMatrix(make: make, region: region)
            }
            let document = MatrixDocument(make: make, region: region, models: models)
            if json { try JSONOutput.print(document) } else { CompatOutput.matrix(models, make: make, region: region) }
            if document.exitCode != 0 { throw ExitCode(document.exitCode) }
            return
        }
        let report = try await CommandFailure.reporting {
            try await carport.checkCompatibility(
                vin: vin ?? "", country: country, permissions: scopes.isEmpty ? nil : PermissionList.parse(scopes))
        }
        if json { try JSONOutput.print(CompatibilityDocument(report)) } else { CompatOutput.report(report) }
        if report.verdict.exitCode != 0 { throw ExitCode(report.verdict.exitCode) }
    }
}
