import CarportApp
import CarportCore
import Foundation

/// The `live` part of `carport show --live --json` (docs/JSON.md), built from `LiveData`.
struct LiveReadings: Encodable {
    struct Item<Value: Encodable>: Encodable {
        @NullEncoded var value: Value?
        @NullEncoded var dataAge: Date?
        @NullEncoded var fetchedAt: Date?
        @NullEncoded var requestId: String?
        @NullEncoded var error: ErrorJSON?

        init<Raw>(_ reading: Reading<Raw>?, _ problem: LiveData.Problem?, _ map: (Raw) -> Value) {
            value = reading.map { map($0.value) }
            dataAge = reading?.meta.dataAge
            fetchedAt = reading?.meta.fetchedAt
            requestId = reading?.meta.requestId
            error = problem.map { ErrorJSON($0.error) }
        }

    }

    struct ErrorJSON: Encodable {
        let kind: String
        let message: String
        let type: String?
        let code: String?
        let suggestedUserMessage: String?
        let resolution: String?
        let detail: [String]
        init(_ e: CarportError) {
            kind = e.kind.rawValue
            message = e.message
            type = e.details?.type
            code = e.details?.code
            suggestedUserMessage = e.details?.suggestedUserMessage
            resolution = e.details?.resolutionType
            detail = e.details?.detail ?? []
        }
    }

    struct OdometerJSON: Encodable { let distanceKm: Double }
    struct LocationJSON: Encodable {
        let latitude: Double
        let longitude: Double
    }
    struct EnergyJSON: Encodable {
        let source: String
        let percentRemaining: Double?
        let rangeKm: Double?
    }
    struct LockJSON: Encodable {
        let isLocked: Bool
        let openParts: [String]
    }

    let odometer: Item<OdometerJSON>
    let location: Item<LocationJSON>
    let energy: Item<EnergyJSON>
    let lock: Item<LockJSON>
    let permissions: PermissionsJSON
    /// Readings the vehicle cannot give, remembered from a 501 and not asked (docs/SMARTCAR.md §5.4).
    let notCapable: [String]

    /// `GET /permissions`: what the application may do now; `withdrawn` are scopes granted at Connect that it no longer has.
    struct PermissionsJSON: Encodable {
        @NullEncoded var value: [String]?
        @NullEncoded var withdrawn: [String]?
        @NullEncoded var accessNow: String?
        @NullEncoded var error: ErrorJSON?
    }

    init(_ data: LiveData, granted: [String]) {
        notCapable = data.unsupported.sorted()
        odometer = Item(data.odometer, data.problem("odometer")) { OdometerJSON(distanceKm: $0.distanceKm) }
        location = Item(data.location, data.problem("location")) {
            LocationJSON(latitude: $0.latitude, longitude: $0.longitude)
        }
        if data.fuel != nil && data.battery == nil {
            energy = Item(data.fuel, data.problem("fuel")) {
                EnergyJSON(source: "fuel", percentRemaining: $0.percentRemaining, rangeKm: $0.rangeKm)
            }
        } else {
            energy = Item(data.battery, data.battery == nil ? data.problem("battery") ?? data.problem("fuel") : nil) {
                EnergyJSON(source: "battery", percentRemaining: $0.percentRemaining, rangeKm: $0.rangeKm)
            }
        }
        permissions = PermissionsJSON(
            value: data.permissions,
            withdrawn: data.permissions == nil ? nil : data.withdrawnPermissions(granted: granted),
            accessNow: data.accessNow(granted: granted),
            error: data.problem("permissions").map { ErrorJSON($0.error) })
        lock = Item(data.lockStatus, data.problem("locks")) { s in
            LockJSON(
                isLocked: s.isLocked,
                openParts: s.openParts.map { "\($0.type) \($0.status.lowercased())" })
        }
    }
}
