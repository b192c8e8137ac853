import Foundation

/// `POST /admin/compatibility` (docs/EMULATOR.md): the test-mode level the compatibility API
/// answers for one VIN.
struct CompatibilitySetting: Codable {
    var vin: String
    var level: String

    static let example =
        #"{"vin":"5YJ3E1EA7NF100001","level":"bev"} (levels: compatible, phev, bev, fuel, incompatible)"#

    /// The level, when the VIN has 17 characters and the level is one of Smartcar's.
    var parsed: CompatibilityLevel? {
        vin.count == 17 ? CompatibilityLevel(rawValue: level.lowercased()) : nil
    }
}

extension EmulatorState {
    func setCompatibility(vin: String, level: CompatibilityLevel) {
        compatibilityLevels[vin.uppercased()] = level
    }
}

extension Emulator {
    /// What the compatibility API answers for `vin` from now on (docs/EMULATOR.md).
    public func setCompatibility(vin: String, level: CompatibilityLevel) async {
        await state.setCompatibility(vin: vin, level: level)
    }
}
