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
        let connection = Connection(
            id: id, smartcarUserId: seeded.userId, customer: customer, mode: .simulated, scopes: scopes,
            tokens: TokenPair(
                accessToken: seeded.tokens.accessToken, refreshToken: seeded.tokens.refreshToken,
                expiresIn: seeded.tokens.expiresIn, issuedAt: issuedAt),
            createdAt: createdAt ?? issuedAt, updatedAt: issuedAt)
        let known = Dictionary(await vehicles().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let vehicles = seeded.vehicleIds.compactMap { vehicleId in
            known[vehicleId].map {
                Vehicle(
                    id: vehicleId, connectionId: id, make: $0.make, model: $0.model, year: $0.year, vin: $0.vin)
            }
        }
        return (connection, vehicles)
    }
}
