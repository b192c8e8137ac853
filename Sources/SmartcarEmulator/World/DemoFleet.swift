import Foundation

/// The seeded world: the dozen demo vehicles across makes, EV and combustion (docs/EMULATOR.md).
enum DemoFleet {
    struct Spec: Sendable {
        var make: String, model: String, year: Int, powertrain: Powertrain, vin: String
        var latitude: Double, longitude: Double
    }

    static let ownerEmail = "demo@carport.test"

    static let vehicles: [Spec] = [
        Spec(
            make: "TESLA", model: "Model 3", year: 2022, powertrain: .bev, vin: "5YJ3E1EA7NF100001", latitude: 37.7749,
            longitude: -122.4194),
        Spec(
            make: "FORD", model: "F-150", year: 2021, powertrain: .ice, vin: "1FTFW1E53MFA00002", latitude: 42.3314,
            longitude: -83.0458),
        Spec(
            make: "CHEVROLET", model: "Bolt EV", year: 2020, powertrain: .bev, vin: "1G1FY6S03L4100003",
            latitude: 41.8781, longitude: -87.6298),
        Spec(
            make: "TOYOTA", model: "RAV4 Prime", year: 2023, powertrain: .phev, vin: "JTMFB3FV6PD100004",
            latitude: 34.0522, longitude: -118.2437),
        Spec(
            make: "VOLKSWAGEN", model: "ID.4", year: 2022, powertrain: .bev, vin: "WVGDMPE27NP100005",
            latitude: 52.4227, longitude: 10.7865),
        Spec(
            make: "BMW", model: "X5", year: 2019, powertrain: .ice, vin: "5UXCR6C56KL100006", latitude: 48.1351,
            longitude: 11.5820),
        Spec(
            make: "HYUNDAI", model: "Ioniq 5", year: 2023, powertrain: .bev, vin: "KM8KNDAF3PU100007",
            latitude: 37.5665, longitude: 126.9780),
        Spec(
            make: "KIA", model: "Sportage", year: 2021, powertrain: .hev, vin: "KNDPUCAF5M7100008", latitude: 33.6846,
            longitude: -117.8265),
        Spec(
            make: "NISSAN", model: "Leaf", year: 2019, powertrain: .bev, vin: "1N4AZ1CP2KC100009", latitude: 36.1627,
            longitude: -86.7816),
        Spec(
            make: "AUDI", model: "Q4 e-tron", year: 2022, powertrain: .bev, vin: "WA1AAAF47NP100010", latitude: 48.7665,
            longitude: 11.4258),
        Spec(
            make: "HONDA", model: "Civic", year: 2020, powertrain: .ice, vin: "2HGFC2F59LH100011", latitude: 39.9612,
            longitude: -82.9988),
        Spec(
            make: "VOLVO", model: "XC60 Recharge", year: 2021, powertrain: .phev, vin: "YV4BR0DL5M1100012",
            latitude: 57.7089, longitude: 11.9746),
    ]

    /// Makes shown on the brand list.
    static var makes: [String] { Array(Set(vehicles.map(\.make))).sorted() }

    /// A vehicle built from a spec, with plausible starting data that differs per vehicle.
    static func make(_ spec: Spec, id: String, index: Int, at now: Date) -> SimVehicle {
        let seed = Double(index % 12)
        var vehicle = SimVehicle(
            id: id, vin: spec.vin, make: spec.make, model: spec.model, year: spec.year,
            powertrain: spec.powertrain, since: now, odometerKm: 8_000 + seed * 6_150.5,
            batteryFraction: spec.powertrain.hasBattery ? 0.35 + 0.05 * seed : 0,
            fuelFraction: spec.powertrain.hasTank ? 0.25 + 0.06 * seed : 0,
            batteryCapacityKWh: spec.powertrain == .bev ? 62 + seed * 3 : (spec.powertrain == .phev ? 18 : 0),
            tankLiters: spec.powertrain.hasTank ? 55 : 0,
            latitude: spec.latitude, longitude: spec.longitude)
        vehicle.driving = index % 4 == 1
        vehicle.pluggedIn = spec.powertrain.hasBattery && index % 3 == 0
        vehicle.charging = vehicle.pluggedIn && index % 2 == 0
        vehicle.locked = index % 5 != 4
        vehicle.oilLife = 0.2 + 0.06 * seed
        return vehicle
    }

    /// A spec for a vehicle created at login (test accounts, seeding): a demo model, a fresh VIN.
    static func spec(index: Int, powertrain: Powertrain? = nil, make: String? = nil, vin: String) -> Spec {
        let candidates = vehicles.filter {
            (powertrain == nil || $0.powertrain == powertrain) && (make == nil || $0.make == make)
        }
        var spec = (candidates.isEmpty ? vehicles : candidates)[
            index % max(1, candidates.isEmpty ? vehicles.count : candidates.count)]
        if let make, candidates.isEmpty { spec.make = make }
        if let powertrain { spec.powertrain = powertrain }
        spec.vin = vin
        return spec
    }
}
