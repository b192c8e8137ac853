import CarportCore
import Foundation

/// The live data `carport show --live` reads: odometer, location, battery or fuel, lock status.
/// A reading that fails keeps its error; the others are still shown.
struct LiveReadings: Encodable {
    struct Item<Value: Encodable & Sendable & Equatable>: Encodable {
        var value: Value?
        var dataAge: Date?
        var requestId: String?
        var error: ErrorJSON?
    }

    struct ErrorJSON: Encodable {
        let kind: String
        let message: String
        let type: String?
        let code: String?
        let suggestedUserMessage: String?
        let resolution: String?
        init(_ error: Error) {
            let e = error as? CarportError ?? CarportError(.internal, "\(error)")
            kind = e.kind.rawValue
            message = e.message
            type = e.details?.type
            code = e.details?.code
            suggestedUserMessage = e.details?.suggestedUserMessage
            resolution = e.details?.resolutionType
        }
    }

    struct OdometerJSON: Encodable, Sendable, Equatable { let distanceKm: Double }
    struct LocationJSON: Encodable, Sendable, Equatable { let latitude: Double; let longitude: Double }
    struct EnergyJSON: Encodable, Sendable, Equatable {
        let source: String
        let percentRemaining: Double?
        let rangeKm: Double?
    }
    struct LockJSON: Encodable, Sendable, Equatable {
        let isLocked: Bool
        let openParts: [String]
    }

    var odometer: Item<OdometerJSON>
    var location: Item<LocationJSON>
    var energy: Item<EnergyJSON>
    var lock: Item<LockJSON>

    static func read(_ api: any SmartcarAPI, vehicleId id: String, token: Secret) async -> LiveReadings {
        async let odometer = item { try await api.odometer(vehicleId: id, accessToken: token) } map: {
            OdometerJSON(distanceKm: $0.distanceKm)
        }
        async let location = item { try await api.location(vehicleId: id, accessToken: token) } map: {
            LocationJSON(latitude: $0.latitude, longitude: $0.longitude)
        }
        async let lock = item { try await api.lockStatus(vehicleId: id, accessToken: token) } map: { s in
            LockJSON(isLocked: s.isLocked, openParts: (s.doors + s.windows + s.sunroof + s.storage + s.chargingPort)
                .filter { $0.status == "OPEN" || $0.status == "UNLOCKED" }.map { "\($0.type) \($0.status.lowercased())" })
        }
        var energy = await item { try await api.battery(vehicleId: id, accessToken: token) } map: {
            EnergyJSON(source: "battery", percentRemaining: $0.percentRemaining, rangeKm: $0.rangeKm)
        }
        if energy.error?.type == "COMPATIBILITY" {
            energy = await item { try await api.fuel(vehicleId: id, accessToken: token) } map: {
                EnergyJSON(source: "fuel", percentRemaining: $0.percentRemaining, rangeKm: $0.rangeKm)
            }
        }
        return await LiveReadings(odometer: odometer, location: location, energy: energy, lock: lock)
    }

    private static func item<Raw: Sendable & Equatable, Value>(
        _ fetch: () async throws -> Reading<Raw>, map: (Raw) -> Value) async -> Item<Value> {
        do {
            let reading = try await fetch()
            return Item(value: map(reading.value), dataAge: reading.meta.dataAge, requestId: reading.meta.requestId)
        } catch {
            return Item(error: ErrorJSON(error))
        }
    }
}
