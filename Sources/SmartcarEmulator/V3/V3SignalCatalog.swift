import Foundation

/// The v3 signals the emulator serves (docs/SMARTCAR.md §10.4) in their JSON:API shape, each behind
/// the permission that reads it. Timestamps are epoch milliseconds, as in Smartcar's SDK fixtures.
enum V3SignalCatalog {
    struct Spec: Sendable {
        var code: String
        var name: String
        var group: String
        var permission: String
        /// nil when the vehicle cannot report it (no traction battery).
        var body: @Sendable (SimVehicle) -> [String: Any]?
    }

    static let specs: [Spec] = [
        Spec(
            code: "odometer-traveleddistance", name: "TraveledDistance", group: "Odometer",
            permission: "read_odometer"
        ) { ["unit": "kilometers", "value": Units.round2($0.odometerKm)] },
        Spec(
            code: "location-preciselocation", name: "PreciseLocation", group: "Location",
            permission: "read_location"
        ) { ["latitude": ($0.latitude * 1e6).rounded() / 1e6, "longitude": ($0.longitude * 1e6).rounded() / 1e6] },
        Spec(
            code: "tractionbattery-stateofcharge", name: "StateOfCharge", group: "TractionBattery",
            permission: "read_battery"
        ) { $0.powertrain.hasBattery ? ["unit": "percent", "value": Units.round2($0.batteryFraction * 100)] : nil },
        Spec(code: "closure-islocked", name: "IsLocked", group: "Closure", permission: "read_security") {
            ["value": $0.locked]
        },
    ]

    /// Every signal the permissions reach and the vehicle reports, in `specs` order.
    static func all(_ vehicle: SimVehicle, permissions: [String], now: Date) -> [[String: Any]] {
        specs.filter { permissions.contains($0.permission) }.compactMap { signal($0, vehicle, now: now) }
    }

    /// One signal: nil when the vehicle cannot report it.
    static func signal(_ spec: Spec, _ vehicle: SimVehicle, now: Date) -> [String: Any]? {
        guard let body = spec.body(vehicle) else { return nil }
        var attributes: [String: Any] = ["code": spec.code, "name": spec.name, "group": spec.group]
        if let failure = vehicle.persistentError {
            let error: [String: Any] = ["type": failure.type, "code": failure.code as Any? ?? NSNull()]
            attributes["status"] = ["value": "ERROR", "error": error]
        } else {
            attributes["status"] = ["value": "SUCCESS"]
            attributes["body"] = body
        }
        let millis = { (date: Date) in Int((date.timeIntervalSince1970 * 1000).rounded()) }
        return [
            "id": spec.code, "type": "signal", "attributes": attributes,
            "meta": [
                "retrievedAt": millis(now), "oemUpdatedAt": millis(now.addingTimeInterval(-vehicle.dataAgeSeconds)),
            ],
            "links": ["self": "/vehicles/\(vehicle.id)/signals/\(spec.code)"],
        ]
    }

    /// `GET …/signals`: every signal on one page, with the vehicle included.
    static func list(_ signals: [[String: Any]], vehicle: [String: Any], vehicleId: String) -> Data {
        VehicleReadings.json([
            "data": signals,
            "meta": ["totalCount": signals.count, "pageSize": signals.count, "page": 1, "pageNumber": 1],
            "links": ["self": "/vehicles/\(vehicleId)/signals"], "included": ["vehicle": vehicle],
        ])
    }

    /// The vehicle resource (`GET /vehicles/{id}`, and `included.vehicle`); `mode` only for app calls.
    static func vehicle(_ v: SimVehicle, mode: String?) -> [String: Any] {
        var attributes: [String: Any] = [
            "make": v.make, "model": v.model, "year": v.year, "powertrainType": v.powertrain.rawValue,
        ]
        attributes["mode"] = mode
        return ["id": v.id, "type": "vehicle", "attributes": attributes, "links": ["self": "/vehicles/\(v.id)"]]
    }
}
