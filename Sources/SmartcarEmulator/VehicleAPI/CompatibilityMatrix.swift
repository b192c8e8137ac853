import Foundation
import SmartcarKit

/// `GET /v2.0/compatibility/matrix?region&make[&type][&scope]` (docs/SMARTCAR.md §5.9): the demo
/// fleet's models, each over five model years, with the permissions and features its powertrain
/// allows. Every region lists the same models.
enum CompatibilityMatrix {
    /// Smartcar's feature names and the endpoint each stands for.
    static let features: [(name: String, endpoint: String)] = [
        ("EV battery", "/battery"), ("EV charging status", "/charge"), ("EV start & stop charge", "/charge"),
        ("Fuel tank", "/fuel"), ("Engine oil life", "/engine/oil"), ("Location", "/location"),
        ("Lock & unlock", "/security"), ("Odometer", "/odometer"), ("Tire pressure", "/tires/pressure"),
        ("VIN", "/vin"),
    ]

    static func answer(_ request: EmulatorRequest, requestId: String) -> APIReply {
        guard let region = request.query("region"), ["US", "CA", "EUROPE"].contains(region.uppercased()) else {
            return .validation("region", "\"region\" must be one of US, CA, EUROPE", requestId: requestId)
        }
        let makes = words(request.query("make")).map { $0.uppercased() }
        let types = words(request.query("type")).map { $0.uppercased() }
        let scope = words(request.query("scope"))
        var body: [String: [MatrixModelWire]] = [:]
        for spec in DemoFleet.vehicles
        where (makes.isEmpty || makes.contains(spec.make))
            && (types.isEmpty || types.contains(spec.powertrain.rawValue))
        {
            body[spec.make, default: []].append(model(spec, scope: scope))
        }
        return .ok(body)
    }

    private static func model(_ spec: DemoFleet.Spec, scope: [String]) -> MatrixModelWire {
        let level = CompatibilityLevel(spec.powertrain)
        let permissions = Permissions.all.filter { permission in
            (scope.isEmpty || scope.contains(permission))
                && CompatibilityLevel.endpoints(for: permission).contains(where: level.serves)
        }
        return MatrixModelWire(
            model: spec.model, startYear: spec.year - 2, endYear: spec.year + 2, type: spec.powertrain.rawValue,
            endpoints: features.filter { level.serves($0.endpoint) }.map(\.name), permissions: permissions)
    }

    private static func words(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == " " || $0 == "+" || $0 == "," }).map(String.init)
    }
}
