/// Bodies of the Vehicle API v2.0 (docs/SMARTCAR.md §5.4, keys of §5.5). Numbers are in the unit system the
/// request asked for (`SC-Unit-System`).
public struct AttributesResponse: Codable, Sendable, Equatable {
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

public struct VinResponse: Codable, Sendable, Equatable {
    public var vin: String
    public init(vin: String) { self.vin = vin }
}

public struct OdometerResponse: Codable, Sendable, Equatable {
    public var distance: Double
    public init(distance: Double) { self.distance = distance }
}

public struct LocationResponse: Codable, Sendable, Equatable {
    public var latitude: Double
    public var longitude: Double
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

public struct BatteryResponse: Codable, Sendable, Equatable {
    public var percentRemaining: Double
    public var range: Double
    public init(percentRemaining: Double, range: Double) {
        self.percentRemaining = percentRemaining
        self.range = range
    }
}

public struct BatteryCapacityResponse: Codable, Sendable, Equatable {
    public var capacity: Double
    public init(capacity: Double) { self.capacity = capacity }
}

public struct ChargeResponse: Codable, Sendable, Equatable {
    public var isPluggedIn: Bool
    public var state: String
    public init(isPluggedIn: Bool, state: String) {
        self.isPluggedIn = isPluggedIn
        self.state = state
    }
}

public struct ChargeLimitResponse: Codable, Sendable, Equatable {
    public var limit: Double
    public init(limit: Double) { self.limit = limit }
}

/// Every key is always present; values may be `null` (Europe).
public struct FuelResponse: Codable, Sendable, Equatable {
    public var amountRemaining: Double?
    public var percentRemaining: Double?
    public var range: Double?
    public init(amountRemaining: Double?, percentRemaining: Double?, range: Double?) {
        self.amountRemaining = amountRemaining
        self.percentRemaining = percentRemaining
        self.range = range
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(amountRemaining, forKey: .amountRemaining)
        try c.encode(percentRemaining, forKey: .percentRemaining)
        try c.encode(range, forKey: .range)
    }
}

public struct EngineOilResponse: Codable, Sendable, Equatable {
    public var lifeRemaining: Double
    public init(lifeRemaining: Double) { self.lifeRemaining = lifeRemaining }
}

public struct TirePressureResponse: Codable, Sendable, Equatable {
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

/// `GET …/security`: all six keys are always present, arrays may be empty.
public struct LockStatusResponse: Codable, Sendable, Equatable {
    public struct Part: Codable, Sendable, Equatable {
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

/// Body of `POST …/security` and `POST …/charge`.
public struct ActionRequest: Codable, Sendable, Equatable {
    public var action: String
    public init(action: String) { self.action = action }
}

/// Answer to a command, and to `DELETE …/application` (which has no `message`).
public struct ActionResponse: Codable, Sendable, Equatable {
    public var status: String
    public var message: String?
    public init(status: String, message: String?) {
        self.status = status
        self.message = message
    }
}
