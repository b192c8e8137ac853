import Foundation
import SmartcarKit

/// Sends each request to Connect, the token services (`/oauth/token`, and `/oauth2/token` for API
/// v3 apps), the Vehicle API or the admin API, and puts
/// `SC-Request-Id` on every answer.
struct EmulatorRouter: Sendable {
    let state: EmulatorState
    let latency: TimeInterval
    let connect: ConnectEndpoint
    let tokens: TokenEndpoint
    let appTokens: AppTokenEndpoint
    let api: VehicleAPI
    let admin: AdminAPI

    init(state: EmulatorState, config: EmulatorConfig) {
        self.state = state
        latency = config.latency
        connect = ConnectEndpoint(state: state, config: config)
        tokens = TokenEndpoint(state: state)
        appTokens = AppTokenEndpoint(state: state, tokens: tokens)
        api = VehicleAPI(state: state, config: config)
        admin = AdminAPI(state: state)
    }

    func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        if latency > 0 {
            do { try await Task.sleep(nanoseconds: UInt64(latency * 1e9)) } catch {
                var stopping = EmulatorResponse(status: 0) // the emulator is stopping: act on nothing
                stopping.drop = true
                return stopping
            }
        }
        var response = await route(request)
        if response.header(SmartcarPaths.Header.requestId) == nil {
            response.headers.append((SmartcarPaths.Header.requestId, await state.uuid()))
        }
        return response
    }

    private func route(_ request: EmulatorRequest) async -> EmulatorResponse {
        let path = request.path
        switch (request.method, path) {
        case (_, _) where path == "/admin" || path.hasPrefix("/admin/"): return await admin.handle(request)
        case ("GET", SmartcarPaths.authorize): return await connect.authorize(request)
        case ("GET", SmartcarPaths.reauthenticate): return await connect.reauthenticate(request)
        case ("GET", "/connect/brands"): return await connect.brands(request)
        case ("GET", HostedCallbackPage.path): return HostedCallbackPage.response
        case ("GET", "/connect/login"): return await connect.loginForm(request)
        case ("POST", "/connect/login"): return await connect.signIn(request)
        case ("POST", "/connect/grant"): return await connect.grant(request)
        case (_, SmartcarPaths.token), (_, AppTokenEndpoint.path):
            if let fault = await state.takeFault(service: .token, vehicleId: nil, path: path),
                let response = await FaultResponder.respond(fault, requestId: await state.uuid())
            {
                return response
            }
            return path == AppTokenEndpoint.path ? await appTokens.handle(request) : await tokens.handle(request)
        case (_, _) where path.hasPrefix("/v"): return await api.handle(request)
        default:
            let requestId = await state.uuid()
            return APIReply.error("RESOURCE_NOT_FOUND", "PATH", requestId: requestId).response
                .adding(SmartcarPaths.Header.requestId, requestId)
        }
    }
}
