import CarportCore
import Foundation
import SmartcarKit

/// What `POST /admin/seed` takes: a user with vehicles and a token pair, made without Connect.
public struct SeedRequest: Sendable, Codable, Equatable {
    public var vehicleCount: Int?
    public var scopes: [String]?
    public var mode: ConnectMode?
    public var powertrains: [Powertrain]?
    /// A test-account email (docs/EMULATOR.md); its vehicles are used instead of new ones.
    public var email: String?

    public init(
        vehicleCount: Int? = nil, scopes: [String]? = nil, mode: ConnectMode? = nil,
        powertrains: [Powertrain]? = nil, email: String? = nil
    ) {
        self.vehicleCount = vehicleCount
        self.scopes = scopes
        self.mode = mode
        self.powertrains = powertrains
        self.email = email
    }
}

extension EmulatorState {
    /// Creates (or, for a known email, reuses) a user and grants a fresh token family.
    func seed(_ request: SeedRequest) -> Result<SeededConnection, ConnectError> {
        let user: SimUser
        switch seedUser(request) {
        case .success(let found): user = found
        case .failure(let error): return .failure(error)
        }
        let tokens = newFamily(
            userId: user.id, vehicleIds: user.vehicleIds,
            scopes: request.scopes ?? Permissions.all, mode: request.mode ?? .simulated)
        return .success(SeededConnection(userId: user.id, vehicleIds: user.vehicleIds, tokens: tokens))
    }

    /// The test account's user for `email`, or a new user with the requested vehicles.
    func seedUser(_ request: SeedRequest) -> Result<SimUser, ConnectError> {
        if let email = request.email { return login(email: email, make: nil) }
        return .success(
            addUser(
                email: "seeded-\(uuid())@carport.test", vehicleCount: max(1, request.vehicleCount ?? 1),
                powertrains: request.powertrains ?? []))
    }

    /// Revokes the family an access or refresh token belongs to; false when the token is unknown.
    func revokeFamily(ofToken token: String) -> Bool {
        guard let id = accessTokens[token]?.familyId ?? refreshTokens[token]?.familyId else { return false }
        revokeFamily(id)
        return true
    }

    /// Forgets one access token, as a server that invalidated it early; its refresh token still
    /// works. False when the token is unknown.
    func invalidateAccessToken(_ token: String) -> Bool {
        accessTokens.removeValue(forKey: token) != nil
    }

    func currentCounters() -> EmulatorCounters { counters }
}
