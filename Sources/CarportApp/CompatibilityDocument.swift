import CarportCore
import Foundation

/// `carport compat VIN --json` (docs/JSON.md): the verdict, one entry per permission asked with
/// the reason in words, and Smartcar's capabilities as answered. Absent values are `null`.
public struct CompatibilityDocument: Encodable {
    struct Permission: Encodable {
        let permission: String
        @NullEncoded var capable: Bool?
        @NullEncoded var reason: String?
        let reasonText: String
    }

    struct Capability: Encodable {
        let permission: String
        @NullEncoded var endpoint: String?
        let capable: Bool
        @NullEncoded var reason: String?
    }

    let report: CompatibilityReport

    public init(_ report: CompatibilityReport) { self.report = report }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(report.query.vin, forKey: .vin)
        try c.encode(report.query.country, forKey: .country)
        try c.encode(report.verdict.rawValue, forKey: .verdict)
        try c.encode(report.verdict.exitCode, forKey: .exitCode)
        try c.encode(report.sentence, forKey: .sentence)
        try c.encode(report.answer.compatible, forKey: .compatible)
        try c.encode(report.answer.reason, forKey: .reason)
        let permissions = report.rows.map {
            Permission(permission: $0.permission, capable: $0.capable, reason: $0.reason, reasonText: $0.words)
        }
        try c.encode(permissions, forKey: .permissions)
        let capabilities = report.answer.capabilities.map {
            Capability(permission: $0.permission, endpoint: $0.endpoint, capable: $0.capable, reason: $0.reason)
        }
        try c.encode(capabilities, forKey: .capabilities)
    }

    enum CodingKeys: String, CodingKey {
        case vin, country, verdict, exitCode, sentence, compatible, reason, permissions, capabilities
    }
}

/// `carport compat --make MAKE --country XX --json`: the region asked and every model listed.
public struct MatrixDocument: Encodable {
    struct Model: Encodable {
        let make: String
        let model: String
        let startYear: Int
        let endYear: Int
        let powertrain: String
        let permissions: [String]
        let features: [String]
    }

    let make: String
    let region: String
    public let exitCode: Int32
    let models: [Model]

    public init(make: String, region: MatrixRegion, models: [MatrixModel]) {
        self.make = make.uppercased()
        self.region = region.rawValue
        exitCode = models.isEmpty ? CompatibilityReport.Verdict.notCompatible.exitCode : 0
        self.models = models.map {
            Model(
                make: $0.make, model: $0.model, startYear: $0.startYear, endYear: $0.endYear,
                powertrain: $0.powertrain, permissions: $0.permissions, features: $0.features)
        }
    }
}
