import CarportCore
import Foundation
import SmartcarKit

/// Everything the emulator remembers: the app, users, vehicles, codes, token families, faults
/// and counters. One actor, so every request sees a consistent world.
actor EmulatorState {
    let config: EmulatorConfig
    let random: any RandomSource
    var clockOffset: TimeInterval = 0
    var users: [String: SimUser] = [:]
    var usersByEmail: [String: String] = [:]
    var vehicles: [String: SimVehicle] = [:]
    var codes: [String: AuthCode] = [:]
    var families: [String: TokenFamily] = [:]
    var accessTokens: [String: AccessRecord] = [:]
    var refreshTokens: [String: RefreshTokenRecord] = [:]
    var faults: [EmulatorFault] = []
    var counters = EmulatorCounters()
    var connectSessions: [String: ConnectVisit] = [:]
    var webhooks: Set<String> = []
    var appBucket: RateBucket?
    /// Test-mode compatibility levels by VIN (docs/EMULATOR.md, Compatibility).
    var compatibilityLevels: [String: CompatibilityLevel] = [:]
    /// Live v3 app tokens and when each expires.
    var appTokens: [String: Date] = [:]
    /// The v3 app's connections by connection id (docs/EMULATOR.md, "API v3 apps").
    var v3Connections: [String: SimV3Connection] = [:]
    /// Long-running v3 lock and unlock commands by vehicle id, applied when they complete.
    var pendingCommands: [String: PendingLockCommand] = [:]
    var longRunningCommands: Bool

    init(config: EmulatorConfig, random: any RandomSource = SystemRandom()) {
        self.config = config
        self.random = random
        self.appBucket = config.appRateLimit.map { RateBucket(config: $0, now: config.clock.now()) }
        self.longRunningCommands = config.longRunningCommands
    }

    func now() -> Date { config.clock.now().addingTimeInterval(clockOffset) }

    func uuid() -> String { random.uuid() }

    func advanceClock(by seconds: TimeInterval) -> TimeInterval {
        clockOffset += seconds
        return clockOffset
    }

    /// Empties the world, then seeds the demo vehicles when configured (also the first setup).
    func reset() {
        users = [:]
        usersByEmail = [:]
        vehicles = [:]
        codes = [:]
        families = [:]
        accessTokens = [:]
        refreshTokens = [:]
        faults = []
        counters = EmulatorCounters()
        connectSessions = [:]
        webhooks = []
        compatibilityLevels = [:]
        appTokens = [:]
        v3Connections = [:]
        pendingCommands = [:]
        longRunningCommands = config.longRunningCommands
        clockOffset = 0
        appBucket = config.appRateLimit.map { RateBucket(config: $0, now: config.clock.now()) }
        if config.seedDemoWorld { seedDemoWorld() }
    }

    private func seedDemoWorld() {
        let ids = DemoFleet.vehicles.enumerated().map { index, spec in
            addVehicle(DemoFleet.make(spec, id: uuid(), index: index, at: now()))
        }
        let user = SimUser(id: uuid(), email: DemoFleet.ownerEmail, vehicleIds: ids)
        users[user.id] = user
        usersByEmail[user.email] = user.id
    }

    @discardableResult
    func addVehicle(_ vehicle: SimVehicle) -> String {
        vehicles[vehicle.id] = vehicle
        return vehicle.id
    }

    /// A new user owning new vehicles of the given powertrains (cycling through the demo models).
    func addUser(
        email: String, vehicleCount: Int, powertrains: [Powertrain] = [], make: String? = nil,
        vins: [String] = [], error: SimVehicle.PersistentError? = nil
    ) -> SimUser {
        let ids = (0..<vehicleCount).map { index -> String in
            let powertrain = powertrains.isEmpty ? nil : powertrains[index % powertrains.count]
            let vin = index < vins.count ? vins[index] : makeVIN()
            let spec = DemoFleet.spec(index: index, powertrain: powertrain, make: make, vin: vin)
            var vehicle = DemoFleet.make(spec, id: uuid(), index: index, at: now())
            vehicle.persistentError = error
            return addVehicle(vehicle)
        }
        let user = SimUser(id: uuid(), email: email, vehicleIds: ids)
        users[user.id] = user
        usersByEmail[email.lowercased()] = user.id
        return user
    }

    private func makeVIN() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
        return "0SC" + String(random.bytes(14).map { alphabet[Int($0) % alphabet.count] })
    }

    /// Adds a fault after checking it; the message says what is wrong with it.
    func inject(_ fault: EmulatorFault) -> String? {
        if let problem = fault.validationProblem() { return problem }
        faults.append(fault)
        return nil
    }

    func clearFaults() { faults = [] }

    /// The first fault matching the request, consumed once.
    func takeFault(service: EmulatorFault.Service, vehicleId: String?, path: String) -> EmulatorFault? {
        guard let index = faults.firstIndex(where: { $0.matches(service: service, vehicleId: vehicleId, path: path) })
        else { return nil }
        let fault = faults[index]
        if let count = fault.count {
            if count <= 1 { faults.remove(at: index) } else { faults[index].count = count - 1 }
        }
        counters.faultsFired += 1
        return fault
    }

    /// Spends one request from the app bucket; false when it is empty.
    func spendAppRequest() -> Bool {
        guard var bucket = appBucket else { return true }
        let allowed = bucket.take(at: now())
        appBucket = bucket
        return allowed
    }

    func setAppRateLimit(_ config: RateBucketConfig?) {
        appBucket = config.map { RateBucket(config: $0, now: now()) }
    }

    func countCall(vehicleId: String?) {
        if let vehicleId { counters.callsPerVehicle[vehicleId, default: 0] += 1 }
    }

    func countAPICall() { counters.apiCalls += 1 }
}
