import CarportCore
import Foundation

/// What a Connect login with a given email leads to (docs/SMARTCAR.md §8.2, docs/EMULATOR.md).
enum TestAccount: Equatable {
    /// Any other email: one compatible vehicle of the chosen make.
    case ordinary
    case demoFleet
    /// `demo-<n>@carport.test`: the n-th demo vehicle alone (1–12).
    case demoVehicle(Int)
    case vehicles(Int)
    case vin(String, Powertrain)
    /// `<VIN>@incompatible.smartcar.com`: the vehicle connects without any permission.
    case vinWithoutPermissions(String)
    case apiError(type: String, code: String?)
    case connectError(ConnectError)

    static func classify(_ rawEmail: String) -> TestAccount {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        switch email {
        case DemoFleet.ownerEmail: return .demoFleet
        case "smartcar@invalid-subscription.com": return .connectError(.invalidSubscription)
        case "smartcar@vehicle-incompatible.com": return .connectError(.vehicleIncompatible())
        case "smartcar@no-vehicles.com": return .connectError(.noVehicles)
        default: break
        }
        guard let at = email.firstIndex(of: "@") else { return .ordinary }
        let local = String(email[..<at])
        let domain = String(email[email.index(after: at)...])
        if domain == "carport.test", local.hasPrefix("demo-"), let n = Int(local.dropFirst(5)),
            (1...DemoFleet.vehicles.count).contains(n)
        {
            return .demoVehicle(n)
        }
        if domain == "smartcar.com", local.hasSuffix("-vehicles"), let n = Int(local.dropLast(9)), (1...999).contains(n)
        {
            return .vehicles(n)
        }
        if domain == "smartcar.com", let dot = local.firstIndex(of: ".") {
            let type = local[..<dot].uppercased()
            let code = local[local.index(after: dot)...].uppercased()
            if V2ErrorCatalog.isKnown(type: type) { return .apiError(type: type, code: code.isEmpty ? nil : code) }
        }
        if domain.hasSuffix(".smartcar.com"), local.count == 17 {
            let vin = local.uppercased()
            switch domain.dropLast(".smartcar.com".count) {
            case "compatible", "phev": return .vin(vin, .phev)
            case "bev": return .vin(vin, .bev)
            case "fuel": return .vin(vin, .ice)
            case "incompatible": return .vinWithoutPermissions(vin)
            default: break
            }
        }
        return .ordinary
    }

    /// Why `rawEmail` cannot sign in to a Connect session in `mode` (docs/EMULATOR.md, "Modes"):
    /// Smartcar's test accounts work in test mode only; simulated mode takes only the credentials
    /// of a simulated vehicle (the emulator's own `@carport.test` accounts: US, or the country of a
    /// two-letter subdomain, `@de.carport.test`), and only when the `country` flag names its region
    /// (US when left out).
    static func loginProblem(_ rawEmail: String, mode: ConnectMode, country: String?) -> String? {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        let domain = email.split(separator: "@", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let isSmartcarTest =
            domain == "smartcar.com" || domain.hasSuffix(".smartcar.com")
            || ["invalid-subscription.com", "vehicle-incompatible.com", "no-vehicles.com"].contains(domain)
        let subdomain = domain.hasSuffix(".carport.test") ? domain.dropLast(".carport.test".count) : nil
        let region =
            domain == "carport.test" || subdomain != nil
            ? (subdomain?.count == 2 ? subdomain!.uppercased() : "US") : nil
        switch mode {
        case .test:
            return nil
        case .live:
            return isSmartcarTest
                ? "\(email) is one of Smartcar's test-mode accounts; a live session signs in to the carmaker. Start Connect with mode=test."
                : nil
        case .simulated:
            guard let region else {
                return
                    "In simulated mode only a simulated vehicle's credentials sign in (the emulator's: an address at carport.test, or <country>.carport.test)."
            }
            let asked = country ?? "US"
            return region == asked
                ? nil
                : "This simulated vehicle is in \(region) but Connect was started for \(asked): pass the vehicle's region as the country flag (flags=country:\(region))."
        }
    }
}

extension EmulatorState {
    /// The user an email logs in as (created on first login, the same one afterwards), or the
    /// Connect error the test account stands for.
    func login(email: String, make: String?) -> Result<SimUser, ConnectError> {
        let key = email.trimmingCharacters(in: .whitespaces).lowercased()
        if let (vin, level) = CompatibilityLevel.named(byEmail: key) { compatibilityLevels[vin] = level }
        if let id = usersByEmail[key], let user = users[id] { return .success(user) }
        switch TestAccount.classify(key) {
        case .connectError(let error): return .failure(error)
        case .demoFleet, .demoVehicle:
            guard let owner = usersByEmail[DemoFleet.ownerEmail].flatMap({ users[$0] }) else {
                return .failure(.noVehicles)
            }
            if case .demoVehicle(let n) = TestAccount.classify(key) {
                let user = SimUser(id: uuid(), email: key, vehicleIds: [owner.vehicleIds[n - 1]])
                users[user.id] = user
                usersByEmail[key] = user.id
                return .success(user)
            }
            return .success(owner)
        case .vehicles(let n): return .success(addUser(email: key, vehicleCount: n, make: make))
        case .vin(let vin, let powertrain):
            return .success(addUser(email: key, vehicleCount: 1, powertrains: [powertrain], make: make, vins: [vin]))
        case .vinWithoutPermissions(let vin):
            let user = addUser(email: key, vehicleCount: 1, make: make, vins: [vin])
            for id in user.vehicleIds { vehicles[id]?.grantsNoPermissions = true }
            return .success(user)
        case .apiError(let type, let code):
            return .success(
                addUser(
                    email: key, vehicleCount: 1, make: make,
                    error: SimVehicle.PersistentError(type: type, code: code)))
        case .ordinary: return .success(addUser(email: key, vehicleCount: 1, make: make))
        }
    }
}
