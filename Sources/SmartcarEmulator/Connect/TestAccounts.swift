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
            case "incompatible": return .connectError(.vehicleIncompatible(vin: vin))
            default: break
            }
        }
        return .ordinary
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
        case .apiError(let type, let code):
            return .success(
                addUser(
                    email: key, vehicleCount: 1, make: make,
                    error: SimVehicle.PersistentError(type: type, code: code)))
        case .ordinary: return .success(addUser(email: key, vehicleCount: 1, make: make))
        }
    }
}
