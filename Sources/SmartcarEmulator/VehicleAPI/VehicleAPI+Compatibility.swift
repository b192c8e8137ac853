import Foundation
import SmartcarKit

/// The compatibility API (docs/SMARTCAR.md §5.9) with Basic client credentials: the check by VIN,
/// answered from the VIN's test-mode level, and the matrix (`CompatibilityMatrix`).
extension VehicleAPI {
    func compatibility(_ request: EmulatorRequest, segments: [String], requestId: String) async -> APIReply {
        guard let basic = request.basicCredentials, basic.user == config.clientId, basic.password == config.clientSecret
        else {
            return .error("AUTHENTICATION", nil, requestId: requestId)
        }
        switch segments {
        case ["compatibility"]: return await byVIN(request, requestId: requestId)
        case ["compatibility", "matrix"]: return CompatibilityMatrix.answer(request, requestId: requestId)
        default: return .error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId)
        }
    }

    private func byVIN(_ request: EmulatorRequest, requestId: String) async -> APIReply {
        guard let vin = request.query("vin")?.uppercased(), vin.count == 17 else {
            return .validation("vin", "\"vin\" must be a 17-character VIN", requestId: requestId)
        }
        guard let scope = request.query("scope"), !scope.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .validation("scope", "\"scope\" must list permissions, e.g. read_odometer", requestId: requestId)
        }
        let permissions = Permissions.parse(scope)
        if let unknown = permissions.first(where: { !Permissions.all.contains($0) }) {
            return .validation("scope", "\"\(unknown)\" is not a permission", requestId: requestId)
        }
        let level = await level(of: vin, request)
        guard level != .incompatible else {
            return .ok(CompatibilityResponse(compatible: false, reason: "VEHICLE_NOT_COMPATIBLE", capabilities: []))
        }
        // Smartcar checks capabilities for vehicles sold in the US only.
        let country = request.query("country")?.uppercased() ?? "US"
        let capabilities = country != "US" ? [] : permissions.flatMap { Self.capabilities($0, level) }
        return .ok(CompatibilityResponse(compatible: true, reason: nil, capabilities: capabilities))
    }

    /// `test_mode_compatibility_level` when sent, else the level set for this VIN (a test login,
    /// the admin API), else that of a vehicle the emulator knows by it, else Smartcar's
    /// incompatible test VIN, else `compatible`.
    private func level(of vin: String, _ request: EmulatorRequest) async -> CompatibilityLevel {
        if let named = request.query("test_mode_compatibility_level").flatMap(CompatibilityLevel.init(rawValue:)) {
            return named
        }
        if let set = await state.compatibilityLevels[vin] { return set }
        if let powertrain = await state.powertrain(ofVIN: vin) { return CompatibilityLevel(powertrain) }
        return vin == CompatibilityLevel.incompatibleVIN ? .incompatible : .compatible
    }

    private static func capabilities(
        _ permission: String, _ level: CompatibilityLevel
    ) -> [CompatibilityResponse.Capability] {
        let endpoints = CompatibilityLevel.endpoints(for: permission)
        guard !endpoints.isEmpty else {
            return [.init(permission: permission, endpoint: nil, capable: true, reason: nil)]
        }
        return endpoints.map { endpoint in
            let capable = level.serves(endpoint)
            return .init(
                permission: permission, endpoint: endpoint, capable: capable,
                reason: capable ? nil : "VEHICLE_NOT_CAPABLE")
        }
    }
}
