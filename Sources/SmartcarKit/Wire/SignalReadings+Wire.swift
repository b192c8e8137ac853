import CarportCore
import Foundation

/// v3 signals in Carport's units (docs/SMARTCAR.md §10.4).
extension SignalReadings {
    static let kilometresPerMile = 1.609344

    /// The readings of `signals`; codes Carport does not read are ignored. A signal that is not
    /// `SUCCESS`, or whose body lacks its value, is a problem instead of a reading.
    init(_ signals: [V3SignalWire], requestId: String?, secrets: [Secret]) {
        self.init()
        for signal in signals {
            guard let code = SignalCode(rawValue: signal.attributes.code) else { continue }
            let meta = ReadingMeta(
                requestId: requestId, dataAge: signal.meta?.oemUpdatedAt?.date,
                fetchedAt: signal.meta?.retrievedAt?.date, unitSystem: "metric")
            if let status = signal.attributes.status?.value, status.uppercased() != "SUCCESS" {
                problems[code] = Self.problem(code, status: status, signal.attributes.status?.error, requestId, secrets)
            } else if !store(code, signal.attributes.body, meta) {
                let details = SmartcarErrorDetails(
                    type: "SIGNAL_UNREADABLE", description: "no readable value", statusCode: 200, requestId: requestId)
                problems[code] = CarportError(
                    .transient,
                    "Smartcar's \(code.rawValue) signal came without a readable value. Try again later."
                        + details.quotedRequestId, details: details)
            }
        }
    }

    /// Stores the reading of `code` from `body`; false when the body lacks it.
    private mutating func store(_ code: SignalCode, _ body: V3SignalWire.Body?, _ meta: ReadingMeta) -> Bool {
        switch (code, body?.value) {
        case (.odometer, .number(let value)?):
            let miles = body?.unit?.lowercased().hasPrefix("mi") == true
            odometer = Reading(Odometer(distanceKm: miles ? value * Self.kilometresPerMile : value), meta: meta)
        case (.stateOfCharge, .number(let percent)?):
            stateOfCharge = Reading(percent / 100, meta: meta)
        case (.isLocked, .flag(let locked)?):
            isLocked = Reading(locked, meta: meta)
        case (.location, _):
            guard let latitude = body?.latitude, let longitude = body?.longitude else { return false }
            location = Reading(Location(latitude: latitude, longitude: longitude), meta: meta)
        default:
            return false
        }
        return true
    }

    /// A signal Smartcar could not read (`ERROR` with its error, or `UNAVAILABLE`).
    private static func problem(
        _ code: SignalCode, status: String, _ error: V3SignalWire.Failure?, _ requestId: String?, _ secrets: [Secret]
    ) -> CarportError {
        let details = SmartcarErrorDetails(
            type: error?.type ?? "SIGNAL_\(status.uppercased())", code: error?.code,
            description: Redactor.redact(error?.description ?? "Smartcar answered \(status).", secrets: secrets),
            statusCode: 200, requestId: requestId)
        return CarportError(
            error?.type.map { SmartcarErrorParser.kindForV2($0, status: 200) } ?? .api,
            "Smartcar could not read \(code.rawValue): \(details.name): \(details.description)"
                + details.quotedRequestId, details: details)
    }
}
