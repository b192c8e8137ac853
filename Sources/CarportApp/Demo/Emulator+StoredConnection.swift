import CarportCore
import Foundation
import SmartcarEmulator

extension Emulator {
    /// A user seeded in this emulator as the row a store holds: its pair, issued at `issuedAt`, and
    /// its vehicles with the attributes this emulator gives them. The demo and the tests seed
    /// stores through this one place.
    public func storedConnection(
        _ seeded: SeededConnection, id: String, customer: String, scopes: [String], issuedAt: Date,
        createdAt: Date? = nil
    ) async -> (connection: Connection, vehicles: [Vehicle]) {
        let pair = TokenPair(
            accessToken: seeded.tokens.accessToken, refreshToken: seeded.tokens.refreshToken,
            expiresIn: seeded.tokens.expiresIn, issuedAt: issuedAt)
        let connection = Connection(
            id: id, smartcarUserId: seeded.userId, customer: customer, mode: .simulated, scopes: scopes,
            credentials: .tokenPair(pair), createdAt: createdAt ?? issuedAt, updatedAt: issuedAt)
        return (connection, await storedVehicles(seeded.vehicleIds, connectionId: id, withVIN: true))
    }

    /// A user seeded for the v3 app as the row a store holds: no pair, listed by Smartcar at
    /// `confirmedAt`; its vehicles without VIN (v3 lists none).
    public func storedV3Connection(
        _ seeded: SeededV3Connection, id: String, customer: String, scopes: [String], confirmedAt: Date,
        createdAt: Date
    ) async -> (connection: Connection, vehicles: [Vehicle]) {
        let connection = Connection(
            id: id, smartcarUserId: seeded.userId, customer: customer, mode: .simulated, scopes: scopes,
            credentials: .application(confirmedAt: confirmedAt), createdAt: createdAt, updatedAt: confirmedAt)
        return (connection, await storedVehicles(seeded.vehicleIds, connectionId: id, withVIN: false))
    }

    private func storedVehicles(_ ids: [String], connectionId: String, withVIN: Bool) async -> [Vehicle] {
        let known = Dictionary(await vehicles().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { vehicleId in
            known[vehicleId].map {
                Vehicle(
                    id: vehicleId, connectionId: connectionId, make: $0.make, model: $0.model, year: $0.year,
                    vin: withVIN ? $0.vin : nil)
            }
        }
    }
}
