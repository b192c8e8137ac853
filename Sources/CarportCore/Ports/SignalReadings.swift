import Foundation

/// The v3 signals Carport reads (docs/SMARTCAR.md §10.4), by Smartcar's codes.
public enum SignalCode: String, Sendable, Equatable, Hashable, CaseIterable {
    case odometer = "odometer-traveleddistance"
    case location = "location-preciselocation"
    case stateOfCharge = "tractionbattery-stateofcharge"
    case isLocked = "closure-islocked"
}

/// What one v3 signals answer held, in Carport's units: kilometres, degrees, a fraction 0–1 for the
/// state of charge (as v2's `percentRemaining`), and a lock flag. Each reading's `meta` carries the
/// request id, `dataAge` (the car's `oemUpdatedAt`) and `fetchedAt` (Smartcar's `retrievedAt`). A
/// signal Smartcar answered with status `ERROR` or `UNAVAILABLE` is nil and named in `problems`;
/// a signal not in the answer is nil and not named (the vehicle does not report it).
public struct SignalReadings: Sendable, Equatable {
    public var odometer: Reading<Odometer>?
    public var location: Reading<Location>?
    public var stateOfCharge: Reading<Double>?
    public var isLocked: Reading<Bool>?
    public var problems: [SignalCode: CarportError]

    public init(
        odometer: Reading<Odometer>? = nil, location: Reading<Location>? = nil, stateOfCharge: Reading<Double>? = nil,
        isLocked: Reading<Bool>? = nil, problems: [SignalCode: CarportError] = [:]
    ) {
        self.odometer = odometer
        self.location = location
        self.stateOfCharge = stateOfCharge
        self.isLocked = isLocked
        self.problems = problems
    }
}
