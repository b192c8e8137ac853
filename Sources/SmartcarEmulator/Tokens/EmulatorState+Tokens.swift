import CarportCore
import Foundation
import SmartcarKit

/// The token service (docs/SMARTCAR.md §4): codes live 10 minutes and work once; every refresh rotates
/// the pair; a used refresh token works for the grace window, and a use after it is refused and,
/// with `revokeFamilyOnReuse` (stricter than documented; on by default), revokes the whole family.
extension EmulatorState {
    static let codeLifetime: TimeInterval = 600

    /// Issues a code for a finished Connect session.
    func issueCode(
        clientId: String, redirectURI: String?, userId: String, vehicleIds: [String],
        scopes: [String], mode: ConnectMode
    ) -> String {
        let code = uuid()
        codes[code] = AuthCode(
            clientId: clientId, redirectURI: redirectURI, userId: userId,
            vehicleIds: vehicleIds, scopes: scopes, mode: mode,
            expiresAt: now().addingTimeInterval(Self.codeLifetime))
        return code
    }

    func checkClient(id: String?, secret: String?) throws(OAuthFailure) {
        try Self.checkCredentials(id: id, secret: secret, expected: (config.clientId, config.clientSecret))
    }

    /// One check for the classic app's and the v3 API client's credentials.
    static func checkCredentials(id: String?, secret: String?, expected: (id: String, secret: String))
        throws(OAuthFailure)
    {
        guard let id, let secret else {
            throw OAuthFailure(
                status: 401, error: "invalid_client",
                description:
                    "Client authentication is missing. Send Authorization: Basic base64(client_id:client_secret).")
        }
        guard id == expected.id, secret == expected.secret else {
            throw OAuthFailure(status: 401, error: "invalid_client", description: "Invalid client credentials.")
        }
    }

    func exchange(code: String, redirectURI: String?) throws(OAuthFailure) -> TokenResponse {
        let invalid = OAuthFailure(status: 400, error: "invalid_request", description: "Invalid code: \(code).")
        guard var record = codes[code], !record.used, record.expiresAt > now(),
            record.clientId == config.clientId
        else { throw invalid }
        if let expected = record.redirectURI, expected != redirectURI {
            throw OAuthFailure(
                status: 400, error: "invalid_grant",
                description: "Unauthorized redirect_uri: \(redirectURI ?? "").")
        }
        record.used = true
        codes[code] = record
        counters.exchanges += 1
        return newFamily(
            userId: record.userId, vehicleIds: record.vehicleIds, scopes: record.scopes,
            mode: record.mode)
    }

    func refresh(token: String) throws(OAuthFailure) -> TokenResponse {
        let invalid = OAuthFailure(
            status: 400, error: "invalid_request",
            description: "Invalid refresh_token: \(token).")
        guard var record = refreshTokens[token], let family = families[record.familyId], !family.revoked,
            record.expiresAt > now()
        else { throw invalid }
        if let usedAt = record.usedAt, now().timeIntervalSince(usedAt) > config.refreshGrace {
            counters.reuseDetections += 1
            if config.revokeFamilyOnReuse { revokeFamily(family.id) }
            throw invalid
        }
        if record.usedAt == nil { record.usedAt = now() }
        refreshTokens[token] = record
        counters.refreshes += 1
        return issuePair(familyId: family.id)
    }

    func newFamily(userId: String, vehicleIds: [String], scopes: [String], mode: ConnectMode) -> TokenResponse {
        let family = TokenFamily(
            id: uuid(), userId: userId, vehicleIds: vehicleIds, scopes: scopes, mode: mode,
            createdAt: now())
        families[family.id] = family
        return issuePair(familyId: family.id)
    }

    private func issuePair(familyId: String) -> TokenResponse {
        let access = uuid()
        let refresh = uuid()
        accessTokens[access] = AccessRecord(
            familyId: familyId, expiresAt: now().addingTimeInterval(TimeInterval(config.accessTokenLifetime)))
        refreshTokens[refresh] = RefreshTokenRecord(
            familyId: familyId,
            expiresAt: now().addingTimeInterval(TokenPair.refreshLifetime))
        return TokenResponse(
            accessToken: Secret(access), expiresIn: config.accessTokenLifetime,
            refreshToken: Secret(refresh))
    }

    func revokeFamily(_ id: String) {
        guard var family = families[id], !family.revoked else { return }
        family.revoked = true
        families[id] = family
        counters.familyRevocations += 1
    }

    /// The live family behind an access token, or nil when the token is unknown, expired or revoked.
    func family(forAccessToken token: String) -> TokenFamily? {
        guard let record = accessTokens[token], record.expiresAt > now(),
            let family = families[record.familyId], !family.revoked
        else { return nil }
        return family
    }

    /// `DELETE …/application`: the vehicle leaves the grant; a grant with no vehicle left dies.
    func disconnect(vehicleId: String, familyId: String) {
        guard var family = families[familyId] else { return }
        family.vehicleIds.removeAll { $0 == vehicleId }
        families[familyId] = family
        if family.vehicleIds.isEmpty { revokeFamily(familyId) }
    }

    func countTokenError() { counters.tokenErrors += 1 }
}
