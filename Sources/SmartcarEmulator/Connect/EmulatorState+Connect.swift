import CarportCore
import Foundation

/// Connect sessions and the redirects that end them.
extension EmulatorState {
    func openSession(_ session: ConnectVisit) -> String {
        let id = uuid()
        connectSessions[id] = session
        return id
    }

    func session(_ id: String?) -> ConnectVisit? { id.flatMap { connectSessions[$0] } }

    func setSessionUser(_ id: String, userId: String) { connectSessions[id]?.userId = userId }

    func closeSession(_ id: String) { connectSessions[id] = nil }

    func vehicles(ids: [String]) -> [SimVehicle] { ids.compactMap { vehicles[$0] } }

    func user(_ id: String) -> SimUser? { users[id] }

    func rememberApproval(of scopes: [String], by userId: String) { users[userId]?.approvedScopes.formUnion(scopes) }

    /// Finishes a session for `user`: a code, the user id of a v3 app (whose connections the chosen
    /// vehicles become), or the vehicle id on re-authentication, in a 302.
    func approve(_ session: ConnectVisit, user: SimUser) -> String {
        counters.connectRedirects += 1
        switch session.flow {
        case .authorize:
            let chosen = selectedVehicles(session, user: user)
            let grantable = !chosen.contains { vehicles[$0]?.grantsNoPermissions == true }
            let scopes = grantable ? session.scopes : []
            var pairs: [(String, String)] = []
            if session.app.sendsCode {
                let code = issueCode(
                    clientId: config.clientId, redirectURI: session.requestedRedirect, userId: user.id,
                    vehicleIds: chosen, scopes: scopes, mode: session.mode)
                pairs.append(("code", code))
            }
            if session.app.sendsUserId {
                connectV3(userId: user.id, vehicleIds: chosen, permissions: scopes, mode: session.mode)
                pairs.append(("user_id", user.id))
                if let external = session.externalId { pairs.append(("external_id", external)) }
            }
            return Self.location(session.redirect, pairs, state: session.state)
        case .reauthenticate(let vehicleId):
            if vehicles[vehicleId]?.persistentError?.code == "AUTHENTICATION_FAILED" {
                vehicles[vehicleId]?.persistentError = nil
            }
            return Self.location(session.redirect, [("vehicle_id", vehicleId)], state: session.state)
        }
    }

    /// The vehicles a grant covers: all of the account's, or one with single select. A
    /// `single_select_vin` the account lacks is added to it, as test mode accepts any VIN.
    private func selectedVehicles(_ session: ConnectVisit, user: SimUser) -> [String] {
        if let vin = session.singleSelectVIN {
            if let id = user.vehicleIds.first(where: { vehicles[$0]?.vin == vin }) { return [id] }
            let spec = DemoFleet.spec(index: user.vehicleIds.count, make: session.make, vin: vin)
            let id = addVehicle(DemoFleet.make(spec, id: uuid(), index: user.vehicleIds.count, at: now()))
            users[user.id]?.vehicleIds.append(id)
            return [id]
        }
        return session.singleSelect ? Array(user.vehicleIds.prefix(1)) : user.vehicleIds
    }

    func reject(_ session: ConnectVisit, with error: ConnectError) -> String {
        counters.connectRedirects += 1
        return Self.location(
            session.redirect,
            [("error", error.name), ("error_description", error.description)]
                + error.extras, state: session.state)
    }

    static func location(_ base: String, _ pairs: [(String, String)], state: String?) -> String {
        let all = pairs + (state.map { [("state", $0)] } ?? [])
        return base + (base.contains("?") ? "&" : "?") + FormEncoding.encode(all)
    }
}
