import CarportCore
import Foundation
import SmartcarKit

/// Compatibility before the customer connects (docs/SMARTCAR.md §5.9): the check by VIN and the
/// matrix for a make, through the application's client credentials.
extension Carport {
    /// The compatibility service for this application. Only API v2.0 applications exist in
    /// Carport today; a v3 application would get a client for `/v3/compatible-vehicles` here.
    public func compatibilityAPI() throws -> any CompatibilityAPI {
        try smartcar()
    }

    /// Checks `vin` (its shape first: a malformed VIN costs no request) for `permissions`, the
    /// configured scopes when nil, in `country` (US when nil).
    public func checkCompatibility(
        vin: String, country: String? = nil, permissions: [String]? = nil
    ) async throws -> CompatibilityReport {
        let query = CompatibilityQuery(
            vin: try VINFormat.checked(vin), country: try Self.countryCode(country ?? "US"),
            permissions: (permissions ?? configuration.scopes).map { ConnectRequest.Scope(parsing: $0).name })
        let answer = try await compatibilityAPI().compatibility(query)
        return CompatibilityReport(query: query, answer: answer)
    }

    /// What Smartcar supports for `make` in `region` (`MatrixRegion.of(country:)`).
    public func compatibilityMatrix(make: String, region: MatrixRegion) async throws -> [MatrixModel] {
        let name = make.trimmingCharacters(in: .whitespaces).uppercased()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == " " }) else {
            throw CarportError(.usage, "--make needs a brand name such as TESLA or VOLKSWAGEN.")
        }
        return try await compatibilityAPI().models(make: name, region: region)
    }

    /// An ISO 3166-1 alpha-2 code, upper-cased, or a usage error.
    static func countryCode(_ text: String) throws -> String {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw CarportError(
                .usage,
                "--country takes a two-letter country code such as US, CA or DE; got `\(TerminalText.sanitized(text))`."
            )
        }
        return code
    }
}
