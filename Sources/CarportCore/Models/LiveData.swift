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
    /// Readings this vehicle cannot give (Smartcar answered 501 for them, now or before): not
    /// asked, since every request may be billed (docs/SMARTCAR.md §5.4).
    public var unsupported: Set<String> = []

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

    /// Some reading came back: the vehicle answered (a v3 connection's last read).
    public var answeredAnything: Bool {
        odometer != nil || location != nil || battery != nil || fuel != nil || lockStatus != nil
    }

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

    /// Reads everything concurrently through `api`, except what `skipping` names (readings the
    /// vehicle is known not to give) and what `granted` lacks the permission for (reported, not
    /// asked; nil: unknown, ask all). Energy is battery or fuel, not both: fuel is asked only when
    /// battery is skipped, not capable (501) or not permitted. `unsupported` is `skipping` and
    /// every reading that answered 501, for the caller to remember.
    public static func fetch(
        api: any SmartcarAPI, vehicleId: String, accessToken: Secret, skipping: Set<String> = [],
        granted: [String]? = nil
    ) async -> LiveData {
        let notGranted = Set(permissionOf.filter { granted?.contains($0.value) == false }.keys)
        func read<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async -> Captured<T> {
            if notGranted.contains(name) { return Captured(name, problem: notGrantedProblem(name)) }
            return skipping.contains(name) ? Captured(name) : await capture(name, body)
        }
        async let odometer = read("odometer") { try await api.odometer(vehicleId: vehicleId, accessToken: accessToken) }
        async let location = read("location") { try await api.location(vehicleId: vehicleId, accessToken: accessToken) }
        async let energy = energy(
            api: api, vehicleId: vehicleId, accessToken: accessToken, skipping: skipping, notGranted: notGranted)
        async let locks = read("locks") { try await api.lockStatus(vehicleId: vehicleId, accessToken: accessToken) }
        async let permissions = capture("permissions") {
            try await api.permissions(vehicleId: vehicleId, accessToken: accessToken)
        }
        let (o, l, (b, f), s, p) = await (odometer, location, energy, locks, permissions)
        let all: [any CapturedReading] = [o, l, b, f, s, p]
        var data = LiveData(
            odometer: o.value, location: l.value, battery: b.value, fuel: f.value, lockStatus: s.value,
            permissions: p.value,
            problems: all.compactMap(\.problem).filter {
                !$0.error.isNotCapable && !($0.reading == "battery" && f.value != nil) // fuel answered instead
            })
        data.unsupported = Set(all.filter(\.isUnsupported).map(\.name)).union(skipping).intersection(Self.skippable)
        if b.value == nil && f.value == nil, let refusal = b.problem ?? f.problem, refusal.error.isNotCapable {
            data.problems.append(refusal) // neither energy reading: say why
        }
        return data
    }

    /// The readings that may be skipped; permissions are always asked (they change).
    public static let skippable: Set<String> = ["odometer", "location", "battery", "fuel", "locks"]

    /// The permission each skippable reading needs (docs/SMARTCAR.md §5.4).
    static let permissionOf = [
        "odometer": "read_odometer", "location": "read_location", "battery": "read_battery", "fuel": "read_fuel",
        "locks": "read_security",
    ]

    private static func notGrantedProblem(_ name: String) -> Problem {
        Problem(
            reading: name,
            error: CarportError(
                .api,
                "Not granted at Connect (\(permissionOf[name] ?? name)), so not asked; re-authorise the connection "
                    + "with that permission to read it."))
    }

    private static func energy(
        api: any SmartcarAPI, vehicleId: String, accessToken: Secret, skipping: Set<String>, notGranted: Set<String>
    ) async -> (Captured<Reading<Battery>>, Captured<Reading<Fuel>>) {
        var battery = Captured<Reading<Battery>>("battery")
        if notGranted.contains("battery") {
            battery = Captured("battery", problem: notGrantedProblem("battery"))
        } else if !skipping.contains("battery") {
            battery = await capture("battery") { try await api.battery(vehicleId: vehicleId, accessToken: accessToken) }
            let notPermitted = battery.problem?.error.details?.type == "PERMISSION"
            guard battery.isUnsupported || notPermitted else { return (battery, Captured("fuel")) }
        }
        guard !skipping.contains("fuel"), !notGranted.contains("fuel") else { return (battery, Captured("fuel")) }
        return (battery, await capture("fuel") { try await api.fuel(vehicleId: vehicleId, accessToken: accessToken) })
    }

    private static func capture<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async
        -> Captured<T>
    {
        do {
            return Captured(name, value: try await body())
        } catch {
            let failure = CarportError.from(error)
            return Captured(name, problem: Problem(reading: name, error: failure))
        }
    }
}

/// One reading's outcome inside `LiveData.fetch`.
private protocol CapturedReading {
    var name: String { get }
    var problem: LiveData.Problem? { get }
}

extension CapturedReading {
    /// Smartcar said the vehicle cannot give this reading (501).
    var isUnsupported: Bool { problem?.error.isNotCapable == true }
}

private struct Captured<T: Sendable>: CapturedReading, Sendable {
    var name: String
    var value: T?
    var problem: LiveData.Problem?

    /// Without a value or a problem: not asked.
    init(_ name: String, value: T? = nil, problem: LiveData.Problem? = nil) {
        self.name = name
        self.value = value
        self.problem = problem
    }
}

extension CarportError {
    /// A 501: the vehicle (or its carmaker) cannot do this at all; asking again will not help.
    public var isNotCapable: Bool { details?.statusCode == 501 }
}
