import CarportCore
import Foundation

/// A made-up fleet of any size, one vehicle per connection, the same for the same seed: names,
/// makes and VINs varied like a real one, and token states spread over every health state (a
/// tenth due for a refresh). For `scripts/bench-fleet` and tests at fleet scale.
public enum SyntheticFleet {
    static let firstNames = [
        "Ana", "Priya", "Tomás", "Mei", "Olu", "Sven", "Fatima", "Jonas", "Chloé", "Ravi", "Noor", "Kenji", "Lena",
        "Mateo", "Aisha", "Pavel", "Ines", "Kofi", "Hana", "Liam",
    ]
    static let lastNames = [
        "Ruiz", "Patel", "Okafor", "Nguyen", "Larsen", "Haddad", "Schmidt", "Dubois", "Kowalski", "Tanaka", "Silva",
        "O'Brien", "Novak", "Mensah", "Rossi", "Kim", "Fischer", "Costa", "Ahmed", "Berg",
    ]
    static let vehicles = [
        ("Tesla", "Model 3"), ("Tesla", "Model Y"), ("Ford", "Mustang Mach-E"), ("Ford", "F-150 Lightning"),
        ("Volkswagen", "ID.4"), ("Hyundai", "Ioniq 5"), ("Kia", "EV6"), ("BMW", "i4"), ("Chevrolet", "Bolt EUV"),
        ("Toyota", "RAV4 Prime"), ("Nissan", "Leaf"), ("Audi", "Q4 e-tron"), ("Volvo", "XC40 Recharge"),
        ("Rivian", "R1S"), ("Mercedes-Benz", "EQB"), ("Jeep", "Wrangler 4xe"),
    ]
    static let vinCharacters = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")

    /// `count` connections at `now`, ids `fleet-000001`…, each with one vehicle.
    public static func make(count: Int, at now: Date, seed: UInt64 = 2026) -> [LinkedConnection] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { offset in
            let index = offset + 1
            let id = "fleet-" + String(format: "%06d", index)
            let first = firstNames.randomElement(using: &random)!
            let last = lastNames.randomElement(using: &random)!
            let (make, model) = vehicles.randomElement(using: &random)!
            let vin = String((0..<17).map { _ in vinCharacters.randomElement(using: &random)! })
            let connection = Connection(
                id: id, smartcarUserId: "user-\(id)", customer: "\(first) \(last) #\(index)", mode: .live,
                scopes: ["read_vehicle_info", "read_odometer", "read_vin", "read_location"],
                tokens: tokens(index, now: now, random: &random), lastRefresh: lastRefresh(index, now: now),
                reauthReason: index % 97 == 0 ? "The refresh token was revoked (invalid_grant)." : nil,
                createdAt: now.addingTimeInterval(-90 * 86_400), updatedAt: now)
            let vehicle = Vehicle(
                id: "vehicle-\(id)", connectionId: id, make: make, model: model,
                year: 2018 + Int(random.next() % 9), vin: vin)
            return LinkedConnection(connection: connection, vehicles: [vehicle])
        }
    }

    /// Every tenth pair's access token has expired (due); the rest spread over the refresh runway.
    static func tokens(_ index: Int, now: Date, random: inout SeededGenerator) -> TokenPair {
        let issued = now.addingTimeInterval(index % 10 == 0 ? -3 * 3600 : -Double(random.next() % 1800))
        let runwayDays = index % 50 == 1 ? 2.0 : index % 25 == 2 ? 10 : 20 + Double(random.next() % 40)
        let refreshExpires = now.addingTimeInterval(runwayDays * 86_400)
        return TokenPair(
            accessToken: Secret("access-\(index)-\(random.next())"),
            refreshToken: Secret("refresh-\(index)-\(random.next())"), issuedAt: issued,
            accessExpiresAt: issued.addingTimeInterval(7200), refreshExpiresAt: max(refreshExpires, issued))
    }

    static func lastRefresh(_ index: Int, now: Date) -> RefreshRecord? {
        switch index % 40 {
        case 3:
            RefreshRecord(attemptedAt: now.addingTimeInterval(-600), outcome: .transientFailure, message: "Timed out.")
        case 5: nil
        default: RefreshRecord(attemptedAt: now.addingTimeInterval(-Double(index % 86_400)), outcome: .succeeded)
        }
    }
}
