import Foundation

/// How a vehicle is powered; decides which endpoints it serves (501 COMPATIBILITY otherwise).
public enum Powertrain: String, Sendable, Codable, CaseIterable {
    case bev = "BEV", phev = "PHEV", hev = "HEV", ice = "ICE"

    var hasBattery: Bool { self == .bev || self == .phev }
    var hasTank: Bool { self != .bev }
}

/// One emulated vehicle. Its state is stored as of `since`; `at(_:)` rolls it forward (driving
/// adds distance and uses energy, charging fills the battery up to the limit).
struct SimVehicle: Sendable, Codable {
    var id: String
    var vin: String
    var make: String
    var model: String
    var year: Int
    var powertrain: Powertrain
    var since: Date
    var odometerKm: Double
    var batteryFraction: Double
    var fuelFraction: Double
    var batteryCapacityKWh: Double
    var tankLiters: Double
    var driving = false
    var speedKmh: Double = 50
    var pluggedIn = false
    var charging = false
    var chargeLimit = 0.9
    var locked = true
    var asleep = false
    var doorOpen = false
    var trunkOpen = false
    var hoodOpen = false
    var latitude: Double
    var longitude: Double
    var tiresKPa: [Double] = [230, 230, 228, 228]
    var oilLife: Double = 0.7
    /// Seconds between the car's last report (`SC-Data-Age`) and the answer (`SC-Fetched-At`).
    var dataAgeSeconds: Double = 0
    /// `<VIN>@incompatible.smartcar.com`: connects, but Connect grants no permission for it.
    var grantsNoPermissions = false
    /// A test-account error (`<TYPE>.<CODE>@smartcar.com`) served on every non-static endpoint.
    var persistentError: PersistentError?

    struct PersistentError: Sendable, Codable, Equatable {
        var type: String
        var code: String?
    }

    static let fullBatteryRangeKm = 450.0
    static let fullTankRangeKm = 650.0
    static let chargePerHour = 0.2

    var batteryRangeKm: Double { batteryFraction * Self.fullBatteryRangeKm * (powertrain == .phev ? 0.12 : 1) }
    var fuelRangeKm: Double { fuelFraction * Self.fullTankRangeKm }

    var chargeState: String {
        if charging { return "CHARGING" }
        if pluggedIn && batteryFraction >= chargeLimit - 0.0001 { return "FULLY_CHARGED" }
        return "NOT_CHARGING"
    }

    /// The vehicle as it is at `now`.
    func at(_ now: Date) -> SimVehicle {
        var next = self
        let hours = max(0, now.timeIntervalSince(since)) / 3600
        next.since = max(now, since)
        if driving {
            let km = speedKmh * hours
            next.odometerKm += km
            if powertrain.hasBattery, batteryFraction > 0 {
                next.batteryFraction = max(
                    0, batteryFraction - km / (Self.fullBatteryRangeKm * (powertrain == .phev ? 0.12 : 1)))
            } else if powertrain.hasTank {
                next.fuelFraction = max(0.02, fuelFraction - km / Self.fullTankRangeKm)
            }
            let angle = km / 40
            next.latitude += 0.02 * sin(angle)
            next.longitude += 0.02 * (1 - cos(angle))
            next.tiresKPa = tiresKPa.map { min($0 + 0.5, 250) }
            next.oilLife = max(0, oilLife - km / 15000)
        }
        if charging {
            next.batteryFraction = min(chargeLimit, batteryFraction + Self.chargePerHour * hours)
            if next.batteryFraction >= chargeLimit { next.charging = false }
        }
        return next
    }
}
