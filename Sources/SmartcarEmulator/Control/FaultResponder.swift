import Foundation
import SmartcarKit

/// Turns a fired fault into what the client sees. `slow` answers nil after waiting: the request
/// then goes on normally.
enum FaultResponder {
    /// `resolutionURL`: an `api_error`'s `resolution.url` (re-authentication, for
    /// `CONNECTED_SERVICES_ACCOUNT:AUTHENTICATION_FAILED`). `jsonAPI`: the request was to `/v3`, whose
    /// errors come in the `errors[]` form.
    static func respond(
        _ fault: EmulatorFault, requestId: String, resolutionURL: String? = nil, jsonAPI: Bool = false
    ) async -> EmulatorResponse? {
        switch fault.kind {
        case .apiError:
            let type = fault.type ?? "SERVER"
            var headers: [(String, String)] = []
            if type == "RATE_LIMIT", let after = fault.retryAfter {
                headers.append((SmartcarPaths.Header.retryAfter, String(after))) // none: "a few minutes"
            }
            if jsonAPI { return APIReply.v3Error(type, fault.code, requestId: requestId, headers: headers).response }
            return APIReply.error(
                type, fault.code, requestId: requestId, resolutionURL: resolutionURL, headers: headers
            ).response
        case .tokenError:
            return .json(
                fault.status ?? 500,
                OAuthErrorBody(
                    error: fault.error ?? "server_error",
                    errorDescription: fault.description ?? "Unexpected server error. Please try again."))
        case .slow:
            try? await Task.sleep(for: .seconds(fault.seconds ?? 0))
            return nil
        case .drop:
            var response = EmulatorResponse(status: 0)
            response.drop = true
            return response
        case .htmlBadGateway:
            return .html(
                502,
                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
            )
        case .missingContentType:
            let (type, code) = (fault.type ?? "SERVER", fault.code ?? "INTERNAL")
            let reply =
                jsonAPI
                ? APIReply.v3Error(type, code, requestId: requestId)
                : APIReply.error(type, code, requestId: requestId)
            return EmulatorResponse(status: reply.status, body: reply.body)
        }
    }
}
