/// Live data over Vehicle API v3 (docs/SMARTCAR.md §10.3): every reading comes from one signals
/// answer, the permissions from the user's connections list.
extension LiveData {
    /// The reading name of each signal, as `Problem.reading` and the classic readings use them.
    static func reading(of code: SignalCode) -> String {
        switch code {
        case .odometer: "odometer"
        case .location: "location"
        case .stateOfCharge: "battery"
        case .isLocked: "locks"
        }
    }

    /// `signals`' readings (the state of charge as a battery without range, the lock flag as a lock
    /// status without parts); a failed signals request is every reading's problem. The permissions
    /// are those of `vehicleId`'s entry in `connections`; no entry means Smartcar no longer has it.
    public init(
        signals: Result<SignalReadings, CarportError>, connections: Result<[SmartcarV3Connection], CarportError>,
        vehicleId: String
    ) {
        self.init()
        switch signals {
        case .success(let readings):
            odometer = readings.odometer
            location = readings.location
            battery = readings.stateOfCharge.map {
                Reading(Battery(percentRemaining: $0.value, rangeKm: nil), meta: $0.meta)
            }
            lockStatus = readings.isLocked.map {
                Reading(
                    LockStatus(isLocked: $0.value, doors: [], windows: [], sunroof: [], storage: [], chargingPort: []),
                    meta: $0.meta)
            }
            problems = SignalCode.allCases.compactMap { code in
                readings.problems[code].map { Problem(reading: Self.reading(of: code), error: $0) }
            }
        case .failure(let error):
            problems = SignalCode.allCases.map { Problem(reading: Self.reading(of: $0), error: error) }
        }
        switch connections {
        case .success(let listed):
            if let connection = listed.first(where: { $0.vehicleId == vehicleId }) {
                permissions = connection.permissions
            } else {
                problems.append(Problem(reading: "permissions", error: Self.notListed))
            }
        case .failure(let error):
            problems.append(Problem(reading: "permissions", error: error))
        }
    }

    static let notListed = CarportError(
        .notFound,
        "Smartcar no longer lists a connection to this vehicle for this customer: they disconnected it, or it was "
            + "removed at Smartcar. The customer must connect it again (`carport reauth`).")
}
