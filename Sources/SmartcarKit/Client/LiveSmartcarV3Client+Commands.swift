import CarportCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// v3 commands (docs/SMARTCAR.md §10.4): `POST …/commands/security/lock|unlock` with no body.
/// 200 means done, 202 accepted and still running; either body may report a failed execution.
extension LiveSmartcarV3Client {
    /// Execution states that mean the command did not and will not happen.
    static let failedStatuses: Set<String> = ["FAILED", "FAILURE", "ERROR", "CANCELLED", "TIMED_OUT", "REJECTED"]

    public func security(
        _ action: SecurityAction, vehicleId: String, userId: String, appToken: Secret
    ) async throws -> V3CommandOutcome {
        let name = action == .lock ? "lock" : "unlock"
        let what = "the \(name) command"
        let (body, response) = try await send(
            "POST", SmartcarPaths.v3Vehicle(vehicleId, "/commands/security/\(name)"), userId: userId,
            token: appToken, replay: .onlyIfNotSent, what: what)
        let wire = try? JSONDecoder().decode(V3CommandWire.self, from: body)
        let requestId = LiveSmartcarClient.meta(response).requestId
        let execution = CommandExecution(
            id: wire?.data?.id, status: wire?.data?.attributes?.status?.value, requestId: requestId)
        if let status = execution.status, Self.failedStatuses.contains(status.uppercased()) {
            throw Self.failed(what, status: status, error: wire?.data?.attributes?.status?.error, response, appToken)
        }
        return response.statusCode == 202 ? .accepted(execution) : .done(execution)
    }

    /// A command Smartcar answered with a failed execution: an `api` error with its type and code.
    private static func failed(
        _ what: String, status: String, error: V3SignalWire.Failure?, _ response: HTTPURLResponse, _ token: Secret
    ) -> CarportError {
        let details = SmartcarErrorDetails(
            type: error?.type ?? "COMMAND_\(status.uppercased())", code: error?.code,
            description: Redactor.redact(error?.description ?? "The vehicle did not carry it out.", secrets: [token]),
            statusCode: response.statusCode, requestId: LiveSmartcarClient.meta(response).requestId)
        return CarportError(
            SmartcarErrorParser.kindForV2(details.type, status: response.statusCode),
            "Smartcar: \(what) ended \(status) (\(details.name)): \(details.description)" + details.quotedRequestId,
            details: details)
    }
}
