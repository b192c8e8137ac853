/// Changes to an emulated vehicle's situation (admin API, tests): anything left nil stays.
public struct VehiclePatch: Sendable, Codable, Equatable {
    public var driving: Bool?
    public var pluggedIn: Bool?
    public var charging: Bool?
    public var asleep: Bool?
    public var doorOpen: Bool?
    public var trunkOpen: Bool?
    public var hoodOpen: Bool?
    public var locked: Bool?
    /// Battery level as a fraction 0–1.
    public var batteryLevel: Double?
    public var chargeLimit: Double?
    /// What `GET /vehicles/{id}` reports, e.g. an implausible year or an empty make (tests).
    public var make: String?
    public var year: Int?
    /// How old the car's data is: `SC-Data-Age` lies this many seconds before `SC-Fetched-At`
    /// (a car that has not reported for a while).
    public var dataAgeSeconds: Double?

    public init(
        driving: Bool? = nil, pluggedIn: Bool? = nil, charging: Bool? = nil, asleep: Bool? = nil,
        doorOpen: Bool? = nil, trunkOpen: Bool? = nil, hoodOpen: Bool? = nil, locked: Bool? = nil,
        batteryLevel: Double? = nil, chargeLimit: Double? = nil, make: String? = nil, year: Int? = nil,
        dataAgeSeconds: Double? = nil
    ) {
        self.driving = driving
        self.pluggedIn = pluggedIn
        self.charging = charging
        self.asleep = asleep
        self.doorOpen = doorOpen
        self.trunkOpen = trunkOpen
        self.hoodOpen = hoodOpen
        self.locked = locked
        self.batteryLevel = batteryLevel
        self.chargeLimit = chargeLimit
        self.make = make
        self.year = year
        self.dataAgeSeconds = dataAgeSeconds
    }

    func apply(to vehicle: inout SimVehicle) {
        if let driving { vehicle.driving = driving }
        if let pluggedIn { vehicle.pluggedIn = pluggedIn }
        if let charging { vehicle.charging = charging }
        if let asleep { vehicle.asleep = asleep }
        if let doorOpen { vehicle.doorOpen = doorOpen }
        if let trunkOpen { vehicle.trunkOpen = trunkOpen }
        if let hoodOpen { vehicle.hoodOpen = hoodOpen }
        if let locked { vehicle.locked = locked }
        if let batteryLevel { vehicle.batteryFraction = min(1, max(0, batteryLevel)) }
        if let chargeLimit { vehicle.chargeLimit = chargeLimit }
        if let make { vehicle.make = make }
        if let year { vehicle.year = year }
        if let dataAgeSeconds { vehicle.dataAgeSeconds = max(0, dataAgeSeconds) }
        if !vehicle.pluggedIn { vehicle.charging = false }
    }
}

/// One emulated vehicle as the admin API lists it.
public struct VehicleSummary: Sendable, Codable, Equatable {
    public var id: String
    public var vin: String
    public var make: String
    public var model: String
    public var year: Int
    public var powertrain: Powertrain
    public var driving: Bool
    public var pluggedIn: Bool
    public var charging: Bool
    public var locked: Bool

    init(_ v: SimVehicle) {
        (id, vin, make, model, year, powertrain) = (v.id, v.vin, v.make, v.model, v.year, v.powertrain)
        (driving, pluggedIn, charging, locked) = (v.driving, v.pluggedIn, v.charging, v.locked)
    }
}
