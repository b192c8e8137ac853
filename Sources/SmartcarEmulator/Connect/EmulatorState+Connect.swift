import CarportCore
import Foundation

/// Connect sessions and the redirects that end them.
extension EmulatorState {
    func openSession(_ session: ConnectSession) -> String {
        let id = uuid()
        connectSessions[id] = session
        return id
    }

    func session(_ id: String?) -> ConnectSession? { id.flatMap { connectSessions[$0] } }

    func setSessionUser(_ id: String, userId: String) { connectSessions[id]?.userId = userId }

    func closeSession(_ id: String) { connectSessions[id] = nil }

    func vehicles(ids: [String]) -> [SimVehicle] { ids.compactMap { vehicles[$0] } }

    func user(_ id: String) -> SimUser? { users[id] }

    /// Finishes a session for `user`: a code (or the vehicle id on re-authentication) in a 302.
    func approve(_ session: ConnectSession, user: SimUser) -> String {
        counters.connectRedirects += 1
        switch session.flow {
        case .authorize:
            let code = issueCode(clientId: config.clientId, redirectURI: session.requestedRedirect, userId: user.id,
                                 vehicleIds: user.vehicleIds, scopes: session.scopes, mode: session.mode)
            return Self.location(session.redirect, [("code", code)], state: session.state)
        case .reauthenticate(let vehicleId):
            if vehicles[vehicleId]?.persistentError?.code == "AUTHENTICATION_FAILED" {
                vehicles[vehicleId]?.persistentError = nil
            }
            return Self.location(session.redirect, [("vehicle_id", vehicleId)], state: session.state)
        }
    }

    func reject(_ session: ConnectSession, with error: ConnectError) -> String {
        counters.connectRedirects += 1
        return Self.location(session.redirect, [("error", error.name), ("error_description", error.description)]
                             + error.extras, state: session.state)
    }

    static func location(_ base: String, _ pairs: [(String, String)], state: String?) -> String {
        let all = pairs + (state.map { [("state", $0)] } ?? [])
        return base + (base.contains("?") ? "&" : "?") + FormEncoding.encode(all)
    }
}
