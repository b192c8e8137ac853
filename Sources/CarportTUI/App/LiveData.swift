import CarportCore

/// Live readings of one vehicle, fetched on request. A reading the vehicle cannot give (an
/// electric car has no fuel) is nil; its error is kept in `problems`.
public struct LiveData: Sendable, Equatable {
    public var odometer: Reading<Odometer>?
    public var location: Reading<Location>?
    public var battery: Reading<Battery>?
    public var fuel: Reading<Fuel>?
    public var lockStatus: Reading<LockStatus>?
    public var problems: [String]

    public init(odometer: Reading<Odometer>? = nil, location: Reading<Location>? = nil,
                battery: Reading<Battery>? = nil, fuel: Reading<Fuel>? = nil,
                lockStatus: Reading<LockStatus>? = nil, problems: [String] = []) {
        self.odometer = odometer
        self.location = location
        self.battery = battery
        self.fuel = fuel
        self.lockStatus = lockStatus
        self.problems = problems
    }

    /// Reads everything concurrently through `api`. Only failures that stop every reading throw.
    public static func fetch(api: any SmartcarAPI, vehicleId: String, accessToken: Secret) async -> LiveData {
        async let odometer = capture("odometer") { try await api.odometer(vehicleId: vehicleId, accessToken: accessToken) }
        async let location = capture("location") { try await api.location(vehicleId: vehicleId, accessToken: accessToken) }
        async let battery = capture("battery") { try await api.battery(vehicleId: vehicleId, accessToken: accessToken) }
        async let fuel = capture("fuel") { try await api.fuel(vehicleId: vehicleId, accessToken: accessToken) }
        async let locks = capture("locks") { try await api.lockStatus(vehicleId: vehicleId, accessToken: accessToken) }
        let (o, l, b, f, s) = await (odometer, location, battery, fuel, locks)
        return LiveData(odometer: o.value, location: l.value, battery: b.value, fuel: f.value, lockStatus: s.value,
                        problems: [o.problem, l.problem, b.problem, f.problem, s.problem].compactMap { $0 })
    }

    private static func capture<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async
        -> (value: T?, problem: String?)
    {
        do { return (try await body(), nil) } catch let error as CarportError {
            return (nil, "\(name): \(error.message)")
        } catch {
            return (nil, "\(name): \(error)")
        }
    }
}
