import Foundation
import SmartcarKit

/// The read endpoints of docs/SMARTCAR.md §5.4 for one vehicle, with the keys of §5.5.
enum VehicleReadings {
    enum Outcome {
        case body(Data)
        case notCapable
    }

    /// The permission a GET needs, or nil for an unknown path.
    static let permissionForGET: [String: String] = [
        "": "read_vehicle_info", "/vin": "read_vin", "/odometer": "read_odometer", "/location": "read_location",
        "/battery": "read_battery", "/battery/capacity": "read_battery", "/battery/nominal_capacity": "read_battery",
        "/charge": "read_charge", "/charge/limit": "read_charge", "/fuel": "read_fuel",
        "/engine/oil": "read_engine_oil", "/tires/pressure": "read_tires", "/security": "read_security",
        "/service/history": "read_service_history", "/diagnostics/system_status": "read_diagnostics",
        "/diagnostics/dtcs": "read_diagnostics",
    ]

    /// Endpoints whose data never comes from the car (no SC-Data-Age, no test-account errors).
    static let staticPaths: Set<String> = ["", "/vin", "/permissions"]

    static func read(_ path: String, _ v: SimVehicle, imperial: Bool) -> Outcome? {
        let e = { (value: any Encodable) in Outcome.body(EmulatorResponse.encode(value)) }
        switch path {
        case "": return e(AttributesResponse(id: v.id, make: v.make, model: v.model, year: v.year))
        case "/vin": return e(VinResponse(vin: v.vin))
        case "/odometer": return e(OdometerResponse(distance: Units.distance(v.odometerKm, imperial: imperial)))
        case "/location":
            return e(
                LocationResponse(
                    latitude: (v.latitude * 1e6).rounded() / 1e6, longitude: (v.longitude * 1e6).rounded() / 1e6))
        case "/tires/pressure":
            let p = v.tiresKPa.map { Units.pressure($0, imperial: imperial) }
            return e(TirePressureResponse(frontLeft: p[0], frontRight: p[1], backLeft: p[2], backRight: p[3]))
        case "/security": return e(lockStatus(v))
        case "/service/history": return .body(json(serviceHistory(v, imperial: imperial)))
        default:
            return battery(path, v, imperial: imperial) ?? tank(path, v, imperial: imperial) ?? diagnostics(path, v)
        }
    }

    /// The electric reads: not capable without a battery.
    private static func battery(_ path: String, _ v: SimVehicle, imperial: Bool) -> Outcome? {
        let e = { (value: any Encodable) in Outcome.body(EmulatorResponse.encode(value)) }
        let body: Outcome
        switch path {
        case "/battery":
            body = e(
                BatteryResponse(
                    percentRemaining: Units.round2(v.batteryFraction),
                    range: Units.distance(v.batteryRangeKm, imperial: imperial)))
        case "/battery/capacity": body = e(BatteryCapacityResponse(capacity: v.batteryCapacityKWh))
        case "/battery/nominal_capacity": body = .body(nominalCapacity(v))
        case "/charge": body = e(ChargeResponse(isPluggedIn: v.pluggedIn, state: v.chargeState))
        case "/charge/limit": body = e(ChargeLimitResponse(limit: v.chargeLimit))
        default: return nil
        }
        return v.powertrain.hasBattery ? body : .notCapable
    }

    /// The combustion reads: not capable without a tank.
    private static func tank(_ path: String, _ v: SimVehicle, imperial: Bool) -> Outcome? {
        let e = { (value: any Encodable) in Outcome.body(EmulatorResponse.encode(value)) }
        let body: Outcome
        switch path {
        case "/fuel":
            body = e(
                FuelResponse(
                    amountRemaining: Units.volume(v.fuelFraction * v.tankLiters, imperial: imperial),
                    percentRemaining: Units.round2(v.fuelFraction),
                    range: Units.distance(v.fuelRangeKm, imperial: imperial)))
        case "/engine/oil": body = e(EngineOilResponse(lifeRemaining: Units.round2(v.oilLife)))
        default: return nil
        }
        return v.powertrain.hasTank ? body : .notCapable
    }

    private static func diagnostics(_ path: String, _ v: SimVehicle) -> Outcome? {
        switch path {
        case "/diagnostics/system_status":
            return .body(
                json([
                    "systems": [
                        [
                            "systemId": "SYSTEM_TPMS", "status": v.tiresKPa.min() ?? 0 < 200 ? "ALERT" : "OK",
                            "description": NSNull(),
                        ],
                        ["systemId": "SYSTEM_AIRBAG", "status": "OK", "description": NSNull()],
                    ]
                ]))
        case "/diagnostics/dtcs":
            return .body(
                json([
                    "activeCodes": v.powertrain.hasTank && v.oilLife < 0.3
                        ? [["code": "P0520", "timestamp": NSNull()]] : []
                ]))
        default: return nil
        }
    }

    static func lockStatus(_ v: SimVehicle) -> LockStatusResponse {
        typealias Part = LockStatusResponse.Part
        let sides = ["frontLeft", "frontRight", "backLeft", "backRight"]
        let doorStatus = v.doorOpen ? "OPEN" : (v.locked ? "LOCKED" : "UNLOCKED")
        return LockStatusResponse(
            isLocked: v.locked, doors: sides.map { Part(type: $0, status: doorStatus) },
            windows: sides.map { Part(type: $0, status: "CLOSED") }, sunroof: [Part(type: "sunroof", status: "CLOSED")],
            storage: [
                Part(type: "rear", status: v.trunkOpen ? "OPEN" : "CLOSED"),
                Part(type: "front", status: v.hoodOpen ? "OPEN" : "CLOSED"),
            ],
            chargingPort: v.powertrain.hasBattery
                ? [Part(type: "chargingPort", status: v.pluggedIn ? "OPEN" : "CLOSED")] : [])
    }

    private static func nominalCapacity(_ v: SimVehicle) -> Data {
        json([
            "availableCapacities": [["capacity": v.batteryCapacityKWh, "description": NSNull()]],
            "capacity": ["nominal": v.batteryCapacityKWh, "source": "SMARTCAR"], "url": NSNull(),
        ])
    }

    private static func serviceHistory(_ v: SimVehicle, imperial: Bool) -> [[String: Any]] {
        [
            [
                "serviceId": "svc-\(v.vin.suffix(6))", "serviceDate": "2025-03-14T09:30:00.000Z",
                "odometerDistance": Units.distance(max(0, v.odometerKm - 5_000), imperial: imperial),
                "serviceTasks": [["taskId": "1", "taskDescription": "Tire rotation"]],
                "serviceDetails": [["type": "DEALER", "value": "Carport Motors"]],
                "serviceCost": ["totalCost": 89.5, "currency": "USD"],
            ]
        ]
    }

    static func json(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }
}
