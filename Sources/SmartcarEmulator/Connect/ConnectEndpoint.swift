import CarportCore
import Foundation

/// Connect (docs/SMARTCAR.md §2, §3): `/oauth/authorize` and `/oauth/reauthenticate` check the app and
/// the redirect URI, then walk the browser through preamble → brands → login → grant, or answer
/// at once when `emulator_auto` is given.
struct ConnectEndpoint: Sendable {
    static let defaultEmail = "driver@carport.test"

    let state: EmulatorState
    let config: EmulatorConfig

    func authorize(_ request: EmulatorRequest) async -> EmulatorResponse {
        await start(request, flow: .authorize, responseType: "code")
    }

    func reauthenticate(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let vehicleId = request.query("vehicle_id"), !vehicleId.isEmpty else {
            return ConnectPages.response(400, ConnectPages.error("400: Missing parameter vehicle_id"))
        }
        return await start(request, flow: .reauthenticate(vehicleId: vehicleId), responseType: "vehicle_id")
    }

    private func start(_ request: EmulatorRequest, flow: ConnectVisit.Flow, responseType: String) async
        -> EmulatorResponse
    {
        let app: ConnectApp
        let redirect: String
        switch checkApp(request, responseType: responseType) {
        case .success(let checked): (app, redirect) = checked
        case .failure(let page): return page.response
        }
        let modeName = request.query("mode") ?? "live"
        var session = ConnectVisit(
            flow: flow, requestedRedirect: request.query("redirect_uri"), redirect: redirect,
            state: request.query("state"), scopes: Permissions.parse(request.query("scope")),
            mode: ConnectMode(rawValue: modeName) ?? .live, make: request.query("make")?.uppercased())
        session.app = app
        session.externalId = request.query("external_id")
        session.country = ConnectVisit.country(inFlags: request.query("flags"))
        session.singleSelect = request.query("single_select") == "true"
        session.singleSelectVIN = request.query("single_select_vin")?.uppercased()
        session.forcePrompt = request.query("approval_prompt") == "force"
        if let vin = session.singleSelectVIN, vin.count != 17 {
            return .redirect(
                await state.reject(session, with: .configuration(message: "Invalid single_select_vin: \(vin)")))
        }
        if ConnectMode(rawValue: modeName) == nil {
            return .redirect(await state.reject(session, with: .configuration(message: "Invalid mode: \(modeName)")))
        }
        if let unknown = session.scopes.first(where: { !Permissions.all.contains($0) }) {
            return .redirect(
                await state.reject(session, with: .configuration(message: "Invalid permission: \(unknown)")))
        }
        if case .reauthenticate(let vehicleId) = flow, await state.vehicles(ids: [vehicleId]).isEmpty {
            return .redirect(
                await state.reject(session, with: .configuration(message: "Unknown vehicle_id: \(vehicleId)")))
        }
        if let auto = request.query("emulator_auto") {
            return await automatic(auto, email: request.query("emulator_email") ?? Self.defaultEmail, session: &session)
        }
        let id = await state.openSession(session)
        if case .reauthenticate = flow {
            return ConnectPages.response(
                200, ConnectPages.login(session: id, make: session.make ?? "your brand"), redirect: session.redirect)
        }
        return ConnectPages.response(200, ConnectPages.preamble(session: id))
    }

    /// The app Connect was opened for and where its answer goes, or the error page: an unknown
    /// `client_id` (a v3 app's Application ID may come as `application_id`), an unregistered
    /// `redirect_uri`, a wrong `response_type` (a v3 app may send `none`: no code).
    private func checkApp(_ request: EmulatorRequest, responseType: String) -> Result<(ConnectApp, String), ErrorPage> {
        let clientId = request.query("client_id") ?? request.query("application_id") ?? ""
        guard var app = ConnectApp(id: clientId, config: config) else {
            return .failure(ErrorPage("400: Invalid parameter client_id: \(clientId)"))
        }
        let requested = request.query("redirect_uri")
        if let requested, !config.redirectURIs.contains(requested),
            requested != HostedCallbackPage.url(host: request.header("host"))
        {
            return .failure(
                ErrorPage("400: Invalid parameter redirect_uri: \(requested) is not registered for this application"))
        }
        guard let redirect = requested ?? config.redirectURIs.first else {
            return .failure(ErrorPage("400: This application has no registered redirect URI"))
        }
        switch request.query("response_type") {
        case responseType: break
        case "none" where app != .classic && responseType == "code": app = .v3
        default: return .failure(ErrorPage("400: Invalid parameter response_type: expected \(responseType)"))
        }
        return .success((app, redirect))
    }

    struct ErrorPage: Error {
        var message: String
        init(_ message: String) { self.message = message }
        var response: EmulatorResponse { ConnectPages.response(400, ConnectPages.error(message)) }
    }

    private func automatic(_ auto: String, email: String, session: inout ConnectVisit) async -> EmulatorResponse {
        if auto == "approve" {
            if let problem = session.loginProblem(email) {
                return ConnectPages.response(400, ConnectPages.error("The sign-in was refused: \(problem)"))
            }
            switch await state.login(email: email, make: session.make) {
            case .success(let user): return .redirect(await state.approve(session, user: user))
            case .failure(let error): return .redirect(await state.reject(session, with: error))
            }
        }
        guard let error = ConnectError.named(auto) else {
            let names = (["approve", "deny"] + ConnectError.allNames).joined(separator: ", ")
            return ConnectPages.response(
                400, ConnectPages.error("400: Invalid parameter emulator_auto: \(auto). Use one of: \(names)"))
        }
        return .redirect(await state.reject(session, with: error))
    }

    /// `GET /connect/brands?session=`: the brand list, skipped when `make` was given.
    func brands(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let id = request.query("session"), let session = await state.session(id) else { return expired() }
        if let make = session.make {
            return ConnectPages.response(200, ConnectPages.login(session: id, make: make), redirect: session.redirect)
        }
        return ConnectPages.response(200, ConnectPages.brands(session: id, makes: DemoFleet.makes))
    }

    /// `GET /connect/login?session=&make=`: the OEM login form.
    func loginForm(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let id = request.query("session"), let session = await state.session(id) else { return expired() }
        return ConnectPages.response(
            200, ConnectPages.login(session: id, make: request.query("make") ?? "your brand"),
            redirect: session.redirect)
    }

    /// `POST /connect/login`: any email and password work; test-account emails choose the outcome.
    func signIn(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let id = request.formValue("session"), var session = await state.session(id) else { return expired() }
        let email = request.formValue("username").flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultEmail
        if session.make == nil { session.make = request.formValue("make")?.uppercased() }
        if let problem = session.loginProblem(email) {
            return ConnectPages.response(
                200, ConnectPages.login(session: id, make: session.make ?? "your brand", problem: problem),
                redirect: session.redirect)
        }
        switch await state.login(email: email, make: session.make) {
        case .failure(let error):
            await state.closeSession(id)
            return .redirect(await state.reject(session, with: error))
        case .success(let user):
            if case .reauthenticate = session.flow {
                await state.closeSession(id)
                return .redirect(await state.approve(session, user: user))
            }
            // approval_prompt=auto: no grant page for what this user already approved.
            if !session.forcePrompt, Set(session.scopes).isSubset(of: user.approvedScopes) {
                await state.closeSession(id)
                return .redirect(await state.approve(session, user: user))
            }
            await state.setSessionUser(id, userId: user.id)
            let cars = await state.vehicles(ids: user.vehicleIds)
            return ConnectPages.response(
                200, ConnectPages.grant(session: id, vehicles: cars, scopes: session.scopes), redirect: session.redirect
            )
        }
    }

    /// `POST /connect/grant`: approve or deny.
    func grant(_ request: EmulatorRequest) async -> EmulatorResponse {
        guard let id = request.formValue("session"), let session = await state.session(id),
            let userId = session.userId, let user = await state.user(userId)
        else { return expired() }
        await state.closeSession(id)
        if request.formValue("decision") == "approve" {
            await state.rememberApproval(of: session.scopes, by: user.id)
            return .redirect(await state.approve(session, user: user))
        }
        return .redirect(await state.reject(session, with: .accessDenied))
    }

    private func expired() -> EmulatorResponse {
        ConnectPages.response(
            400,
            ConnectPages.error(
                "This sign-in page has expired. Go back to the application that sent you here and start again."))
    }
}
