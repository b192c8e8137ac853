import Foundation

/// Live readings from the Vehicle API, in metric units (km, litres, kPa; fractions 0–1).
public struct VehicleAttributes: Sendable, Equatable {
    public var id: String
    public var make: String
    public var model: String
    public var year: Int
    public init(id: String, make: String, model: String, year: Int) {
        self.id = id
        self.make = make
        self.model = model
        self.year = year
    }
}

/// What Smartcar said about a reading: its request id and how old the vehicle's data is.
public struct ReadingMeta: Sendable, Equatable {
    public var requestId: String?
    /// `SC-Data-Age`: when the vehicle recorded the value.
    public var dataAge: Date?
    /// `SC-Fetched-At`: when Smartcar fetched it from the vehicle (or its cache).
    public var fetchedAt: Date?
    public var unitSystem: String?
    public init(requestId: String? = nil, dataAge: Date? = nil, fetchedAt: Date? = nil, unitSystem: String? = nil) {
        self.requestId = requestId
        self.dataAge = dataAge
        self.fetchedAt = fetchedAt
        self.unitSystem = unitSystem
    }
}

public struct Reading<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var meta: ReadingMeta
    public init(_ value: Value, meta: ReadingMeta) {
        self.value = value
        self.meta = meta
    }
}

public struct Odometer: Sendable, Equatable {
    public var distanceKm: Double
    public init(distanceKm: Double) { self.distanceKm = distanceKm }
}

public struct Location: Sendable, Equatable {
    public var latitude: Double
    public var longitude: Double
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

public struct Battery: Sendable, Equatable {
    public var percentRemaining: Double
    /// nil over v3, whose state-of-charge signal carries no range.
    public var rangeKm: Double?
    public init(percentRemaining: Double, rangeKm: Double?) {
        self.percentRemaining = percentRemaining
        self.rangeKm = rangeKm
    }
}

public struct Fuel: Sendable, Equatable {
    public var percentRemaining: Double?
    public var rangeKm: Double?
    public var amountLiters: Double?
    public init(percentRemaining: Double?, rangeKm: Double?, amountLiters: Double?) {
        self.percentRemaining = percentRemaining
        self.rangeKm = rangeKm
        self.amountLiters = amountLiters
    }
}

public struct ChargeStatus: Sendable, Equatable {
    public var isPluggedIn: Bool
    /// `CHARGING`, `FULLY_CHARGED` or `NOT_CHARGING`.
    public var state: String
    public init(isPluggedIn: Bool, state: String) {
        self.isPluggedIn = isPluggedIn
        self.state = state
    }
}

public struct TirePressure: Sendable, Equatable {
    public var frontLeft: Double
    public var frontRight: Double
    public var backLeft: Double
    public var backRight: Double
    public init(frontLeft: Double, frontRight: Double, backLeft: Double, backRight: Double) {
        self.frontLeft = frontLeft
        self.frontRight = frontRight
        self.backLeft = backLeft
        self.backRight = backRight
    }
}

public struct LockStatus: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public var type: String
        public var status: String
        public init(type: String, status: String) {
            self.type = type
            self.status = status
        }
    }
    public var isLocked: Bool
    public var doors: [Part]
    public var windows: [Part]
    public var sunroof: [Part]
    public var storage: [Part]
    public var chargingPort: [Part]
    public init(
        isLocked: Bool, doors: [Part], windows: [Part], sunroof: [Part], storage: [Part],
        chargingPort: [Part]
    ) {
        self.isLocked = isLocked
        self.doors = doors
        self.windows = windows
        self.sunroof = sunroof
        self.storage = storage
        self.chargingPort = chargingPort
    }
}

public enum SecurityAction: String, Sendable, Codable { case lock = "LOCK", unlock = "UNLOCK" }
public enum ChargeAction: String, Sendable, Codable { case start = "START", stop = "STOP" }
