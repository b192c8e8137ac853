/// Live readings of one vehicle, fetched on request (`carport show --live`, the detail screen).
/// A reading that failed is nil and its error is kept in `problems`; the energy reading the
/// vehicle cannot give (fuel on an electric car) is simply absent.
public struct LiveData: Sendable, Equatable {
    /// One reading that failed, and why.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// `odometer`, `location`, `battery`, `fuel`, `locks` or `permissions`.
        public var reading: String
        public var error: CarportError
        public init(reading: String, error: CarportError) {
            self.reading = reading
            self.error = error
        }
        public var description: String { "\(reading): \(error.message)" }
    }

    public var odometer: Reading<Odometer>?
    public var location: Reading<Location>?
    public var battery: Reading<Battery>?
    public var fuel: Reading<Fuel>?
    public var lockStatus: Reading<LockStatus>?
    /// What the application may do with the vehicle now (`GET /permissions`): the customer can
    /// take permissions back after Connect, so this can be less than the scopes stored then.
    public var permissions: [String]?
    public var problems: [Problem]

    public init(
        odometer: Reading<Odometer>? = nil, location: Reading<Location>? = nil,
        battery: Reading<Battery>? = nil, fuel: Reading<Fuel>? = nil,
        lockStatus: Reading<LockStatus>? = nil, permissions: [String]? = nil, problems: [Problem] = []
    ) {
        self.odometer = odometer
        self.location = location
        self.battery = battery
        self.fuel = fuel
        self.lockStatus = lockStatus
        self.permissions = permissions
        self.problems = problems
    }

    public func problem(_ reading: String) -> Problem? { problems.first { $0.reading == reading } }

    /// Smartcar refused the access token (401 AUTHENTICATION) for some reading.
    public var tokenRejected: Bool { problems.contains { $0.error.kind == .authorizationRevoked } }

    /// The permissions granted at Connect (`granted`, as stored) that the live answer no longer has.
    public func withdrawnPermissions(granted: [String]) -> [String] {
        guard let permissions else { return [] }
        return granted.filter { !permissions.contains($0) }
    }

    /// The live permissions in words, against those granted at Connect; nil without a live answer.
    public func accessNow(granted: [String]) -> String? {
        guard let permissions else { return nil }
        let withdrawn = withdrawnPermissions(granted: granted)
        let added = permissions.filter { !granted.contains($0) }
        if withdrawn.isEmpty && added.isEmpty { return "all \(permissions.count) permissions granted at Connect" }
        return [
            withdrawn.isEmpty ? nil : "withdrawn: " + withdrawn.joined(separator: " "),
            added.isEmpty ? nil : "added: " + added.joined(separator: " "),
        ].compactMap { $0 }.joined(separator: " · ")
    }

    /// Reads everything concurrently through `api`. A COMPATIBILITY refusal of battery or fuel is
    /// dropped when the other one answered: it only says which kind of car this is.
    public static func fetch(api: any SmartcarAPI, vehicleId: String, accessToken: Secret) async -> LiveData {
        async let odometer = capture("odometer") {
            try await api.odometer(vehicleId: vehicleId, accessToken: accessToken)
        }
        async let location = capture("location") {
            try await api.location(vehicleId: vehicleId, accessToken: accessToken)
        }
        async let battery = capture("battery") { try await api.battery(vehicleId: vehicleId, accessToken: accessToken) }
        async let fuel = capture("fuel") { try await api.fuel(vehicleId: vehicleId, accessToken: accessToken) }
        async let locks = capture("locks") { try await api.lockStatus(vehicleId: vehicleId, accessToken: accessToken) }
        async let permissions = capture("permissions") {
            try await api.permissions(vehicleId: vehicleId, accessToken: accessToken)
        }
        let (o, l, b, f, s, p) = await (odometer, location, battery, fuel, locks, permissions)
        let hasEnergy = b.value != nil || f.value != nil
        let problems = [o.problem, l.problem, b.problem, f.problem, s.problem, p.problem].compactMap { $0 }
            .filter { !(hasEnergy && $0.error.details?.type == "COMPATIBILITY") }
        return LiveData(
            odometer: o.value, location: l.value, battery: b.value, fuel: f.value, lockStatus: s.value,
            permissions: p.value, problems: problems)
    }

    private static func capture<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async
        -> (value: T?, problem: Problem?)
    {
        do {
            return (try await body(), nil)
        } catch {
            return (nil, Problem(reading: name, error: error as? CarportError ?? CarportError(.internal, "\(error)")))
        }
    }
}
