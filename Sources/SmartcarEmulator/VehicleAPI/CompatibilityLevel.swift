/// Smartcar's test-mode compatibility levels (docs/SMARTCAR.md §8.2), which the emulator's
/// compatibility API answers by (docs/EMULATOR.md): `compatible` and `phev` are capable of
/// everything, `bev` has no tank, `fuel` no battery, `incompatible` nothing.
public enum CompatibilityLevel: String, Sendable, CaseIterable {
    case compatible, phev, bev, fuel, incompatible

    /// Smartcar's own test VIN for an incompatible vehicle (docs/SMARTCAR.md §8.2).
    static let incompatibleVIN = "0SCAUDI012FE3B132"

    /// The VIN and level of a test login `<VIN>@<level>.smartcar.com`.
    static func named(byEmail email: String) -> (String, CompatibilityLevel)? {
        let parts = email.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].count == 17, parts[1].hasSuffix(".smartcar.com"),
            let level = CompatibilityLevel(rawValue: String(parts[1].dropLast(".smartcar.com".count)))
        else { return nil }
        return (parts[0].uppercased(), level)
    }

    init(_ powertrain: Powertrain) {
        switch powertrain {
        case .bev: self = .bev
        case .phev: self = .phev
        case .ice, .hev: self = .fuel
        }
    }

    var hasBattery: Bool { self != .fuel }
    var hasTank: Bool { self != .bev }

    /// Whether a vehicle of this level serves `endpoint` (a read path or a command path).
    func serves(_ endpoint: String) -> Bool {
        if self == .incompatible { return false }
        if endpoint.hasPrefix("/battery") || endpoint.hasPrefix("/charge") { return hasBattery }
        if endpoint == "/fuel" || endpoint == "/engine/oil" { return hasTank }
        return true
    }

    /// The endpoints a permission authorises, read paths first (`/` for the attributes).
    static func endpoints(for permission: String) -> [String] {
        let reads = VehicleReadings.permissionForGET.filter { $0.value == permission }.keys.sorted()
        let commands = VehicleAPI.commandPermission.filter { $0.value == permission }.keys.sorted()
        return reads.map { $0.isEmpty ? "/" : $0 } + commands.filter { !reads.contains($0) }
    }
}
