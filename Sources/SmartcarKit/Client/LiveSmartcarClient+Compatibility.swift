import CarportCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension SmartcarPaths {
    public static let compatibility = "/v2.0/compatibility"
    public static let compatibilityMatrix = "/v2.0/compatibility/matrix"
}

/// The v2.0 compatibility API (docs/SMARTCAR.md §5.9): HTTP Basic with the client credentials, as
/// on the token service; reads, so retried like any read.
extension LiveSmartcarClient: CompatibilityAPI {
    public func compatibility(_ query: CompatibilityQuery) async throws -> CompatibilityAnswer {
        let scope = query.permissions.joined(separator: " ")
        let wire: CompatibilityResponse = try await basicGet(
            SmartcarPaths.compatibility, query: [("vin", query.vin), ("scope", scope), ("country", query.country)],
            what: "the compatibility check")
        return CompatibilityAnswer(
            compatible: wire.compatible, reason: wire.reason,
            capabilities: wire.capabilities.map {
                .init(permission: $0.permission, endpoint: $0.endpoint, capable: $0.capable, reason: $0.reason)
            })
    }

    public func models(make: String, region: MatrixRegion) async throws -> [MatrixModel] {
        let wire: [String: [MatrixModelWire]] = try await basicGet(
            SmartcarPaths.compatibilityMatrix, query: [("region", region.rawValue), ("make", make)],
            what: "the compatibility matrix")
        return wire.keys.sorted().flatMap { name in
            wire[name, default: []].map {
                MatrixModel(
                    make: name, model: $0.model, startYear: $0.startYear, endYear: $0.endYear, powertrain: $0.type,
                    permissions: $0.permissions, features: $0.endpoints)
            }
        }
    }

    private func basicGet<T: Decodable>(_ path: String, query: [(String, String)], what: String) async throws -> T {
        var request = URLRequest(url: url(path, query: query), timeoutInterval: http.policy.timeout)
        authorizeAsApplication(&request)
        do {
            let (body, _) = try await http.perform(request, replay: .read, what: what, secrets: [clientSecret])
            return try http.decode(body, what: what, replay: .read)
        } catch let error as CarportError {
            throw Self.credentialsError(error, what: what)
        }
    }

    /// A 401 here is about the application's credentials, never a customer's grant; a 403 means
    /// the plan lacks the feature (Smartcar sells it with the Enterprise plan).
    private static func credentialsError(_ error: CarportError, what: String) -> CarportError {
        switch error.details?.statusCode {
        case 401?:
            return CarportError(
                .configuration,
                "Smartcar rejected the client credentials for \(what) (401). Check SMARTCAR_CLIENT_ID and "
                    + "SMARTCAR_CLIENT_SECRET (or SMARTCAR_CLIENT_SECRET_FILE) against the dashboard.",
                details: error.details)
        case 403?:
            return CarportError(
                .api,
                "Smartcar refused \(what) (403): the compatibility API is an Enterprise feature; ask Smartcar to "
                    + "enable it for this application.", details: error.details)
        default:
            return error
        }
    }
}
