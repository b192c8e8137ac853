import Foundation

/// The Smartcar services Carport talks to (token service and Vehicle API v2.0). SmartcarKit's
/// live client implements it over HTTP; tests use the emulator or a scripted fake.
/// Every method throws `CarportError`.
public protocol SmartcarAPI: Sendable {
    /// `authorization_code` grant. `redirectURI` must be the one the Connect URL carried.
    func exchange(code: String, redirectURI: String?) async throws -> TokenPair
    /// `refresh_token` grant. Never retried: the old token may be spent once the request left.
    /// An answer lost after sending throws kind `.answerLost`.
    func refresh(_ refreshToken: Secret) async throws -> TokenPair

    func userId(accessToken: Secret) async throws -> String
    /// Every vehicle id, all pages read.
    func vehicleIds(accessToken: Secret) async throws -> [String]
    func attributes(vehicleId: String, accessToken: Secret) async throws -> VehicleAttributes
    func vin(vehicleId: String, accessToken: Secret) async throws -> String
    /// Granted permissions, all pages read, without `required:`.
    func permissions(vehicleId: String, accessToken: Secret) async throws -> [String]

    func odometer(vehicleId: String, accessToken: Secret) async throws -> Reading<Odometer>
    func location(vehicleId: String, accessToken: Secret) async throws -> Reading<Location>
    func battery(vehicleId: String, accessToken: Secret) async throws -> Reading<Battery>
    func charge(vehicleId: String, accessToken: Secret) async throws -> Reading<ChargeStatus>
    func fuel(vehicleId: String, accessToken: Secret) async throws -> Reading<Fuel>
    func tirePressure(vehicleId: String, accessToken: Secret) async throws -> Reading<TirePressure>
    func lockStatus(vehicleId: String, accessToken: Secret) async throws -> Reading<LockStatus>

    /// `POST …/security`; returns Smartcar's message.
    func security(_ action: SecurityAction, vehicleId: String, accessToken: Secret) async throws -> String
    /// `POST …/charge`; returns Smartcar's message.
    func charge(_ action: ChargeAction, vehicleId: String, accessToken: Secret) async throws -> String
    /// `DELETE …/application`: revokes this application's access to the vehicle.
    func disconnect(vehicleId: String, accessToken: Secret) async throws
}
