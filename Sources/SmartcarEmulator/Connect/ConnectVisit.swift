import CarportCore
import Foundation

/// One browser's way through Connect, kept on the server between pages.
struct ConnectVisit: Sendable {
    enum Flow: Sendable { case authorize, reauthenticate(vehicleId: String) }

    var flow: Flow
    /// The redirect URI the request named (the exchange must repeat it), nil if left out.
    var requestedRedirect: String?
    /// Where the answer goes: the named URI or the app's default.
    var redirect: String
    var state: String?
    var scopes: [String]
    var mode: ConnectMode
    var make: String?
    /// The `country` of the `flags` parameter (`flags=country:DE tesla_auth:true`), upper-cased.
    var country: String?
    /// `single_select=true`: the user may share one vehicle only.
    var singleSelect = false
    /// `single_select_vin`: exactly that vehicle (takes precedence over `make`).
    var singleSelectVIN: String?
    /// `approval_prompt=force`: the grant page shows even when the user approved these scopes before.
    var forcePrompt = false
    var userId: String?
    /// Which app Connect was opened for: what the redirect carries.
    var app = ConnectApp.classic
    /// `external_id` (v3 apps): echoed on the success redirect.
    var externalId: String?

    static func country(inFlags flags: String?) -> String? {
        let pairs = (flags ?? "").split(whereSeparator: { $0 == " " || $0 == "+" })
        return pairs.first { $0.hasPrefix("country:") }.map { $0.dropFirst("country:".count).uppercased() }
    }

    /// Why this login cannot sign in to this session's Connect mode, or nil (`TestAccount.loginProblem`);
    /// re-authentication signs in to the vehicle's own grant, so only Connect checks.
    func loginProblem(_ email: String) -> String? {
        guard case .authorize = flow else { return nil }
        return TestAccount.loginProblem(email, mode: mode, country: country)
    }
}

/// The app a Connect session is for (docs/SMARTCAR.md §10.3): a classic app gets a code to exchange,
/// a v3 app the user's id (its vehicles become connections of the app), and one migrating app whose
/// Application ID is also its classic client id gets both.
enum ConnectApp: Sendable, Equatable {
    case classic, v3, both

    init?(id: String, config: EmulatorConfig) {
        switch (id == config.clientId, id == config.applicationId) {
        case (true, true): self = .both
        case (true, false): self = .classic
        case (false, true): self = .v3
        case (false, false): return nil
        }
    }

    var sendsCode: Bool { self != .v3 }
    var sendsUserId: Bool { self != .classic }
}

/// Every permission of docs/SMARTCAR.md §2.3; the grant when `scope` is left out.
enum Permissions {
    static let read = [
        "read_alerts", "read_battery", "read_charge", "read_charge_locations", "read_charge_records",
        "read_charge_events", "read_climate", "read_compass", "read_diagnostics", "read_engine_oil",
        "read_extended_vehicle_info", "read_fuel", "read_location", "read_odometer", "read_security",
        "read_service_history", "read_speedometer", "read_thermometer", "read_tires",
        "read_user_profile", "read_vehicle_info", "read_vin",
    ]
    static let control = [
        "control_charge", "control_climate", "control_navigation", "control_security",
        "control_pin", "control_trunk",
    ]
    static let all = read + control

    /// `scope` parsed: space separated, `required:` stripped, order kept, duplicates dropped.
    static func parse(_ scope: String?) -> [String] {
        guard let scope, !scope.trimmingCharacters(in: .whitespaces).isEmpty else { return all }
        var seen: [String] = []
        for raw in scope.split(whereSeparator: { $0 == " " || $0 == "+" }) {
            let name = ConnectRequest.Scope(parsing: String(raw)).name
            if !seen.contains(name) { seen.append(name) }
        }
        return seen
    }
}
