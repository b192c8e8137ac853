import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit
import Testing

/// v3 commands, the 401 the app layer renews the token on, and the secrets no error may show
/// (docs/SMARTCAR.md §10.4, §10.6).
@Suite struct LiveSmartcarV3ClientCommandTests {
    typealias H = V3ClientHarness

    static func execution(_ status: String, mode: String) -> String {
        #"{"data":{"id":"exec_1","type":"command-execution","attributes":{"commandType":"security-lock","#
            + #""status":{"value":"\#(status)"},"executionMode":"\#(mode)"},"meta":{"executedAt":"2026-01-01T12:00:00Z"}}}"#
    }

    @Test func twoHundredIsDoneAndTwoHundredTwoIsAcceptedStillRunning() async throws {
        let h = try H([
            H.answer(200, Self.execution("SUCCESS", mode: "sync"), requestId: "cmd-1"),
            H.answer(202, Self.execution("IN_PROGRESS", mode: "async"), requestId: "cmd-2"),
        ])
        let done = try await h.client.security(.lock, vehicleId: "v1", userId: H.userId, appToken: H.appToken)
        #expect(done == .done(CommandExecution(id: "exec_1", status: "SUCCESS", requestId: "cmd-1")))
        let running = try await h.client.security(.unlock, vehicleId: "v1", userId: H.userId, appToken: H.appToken)
        #expect(running == .accepted(CommandExecution(id: "exec_1", status: "IN_PROGRESS", requestId: "cmd-2")))
        let requests = await h.transport.requests
        #expect(
            requests.map { $0.url?.path ?? "" } == [
                "/v3/vehicles/v1/commands/security/lock", "/v3/vehicles/v1/commands/security/unlock",
            ])
        #expect(requests.allSatisfy { $0.httpMethod == "POST" && $0.timeoutInterval == 310 && $0.httpBody == nil })
    }

    @Test func anEmptyAcceptedBodyIsStillAccepted() async throws {
        let h = try H([.http(status: 202, headers: ["SC-Request-Id": "r"], body: "")])
        let outcome = try await h.client.security(.lock, vehicleId: "v1", userId: H.userId, appToken: H.appToken)
        #expect(outcome == .accepted(CommandExecution(requestId: "r")))
    }

    @Test func aFailedExecutionIsThrownWithTheRequestId() async throws {
        let h = try H([H.answer(200, Self.execution("FAILED", mode: "sync"), requestId: "cmd-3")])
        let error = await #expect(throws: CarportError.self) {
            try await h.client.security(.lock, vehicleId: "v1", userId: H.userId, appToken: H.appToken)
        }
        #expect(error?.message.contains("ended FAILED") == true && error?.message.contains("Request id: cmd-3") == true)
    }

    @Test func aCommandWhoseAnswerIsLostIsNeverResent() async throws {
        let h = try H([.failure(TransportFailure(.answerLost, "timed out"))])
        let error = await #expect(throws: CarportError.self) {
            try await h.client.security(.unlock, vehicleId: "v1", userId: H.userId, appToken: H.appToken)
        }
        #expect(error?.kind == .answerLost)
        #expect(await h.transport.requests.count == 1)
    }

    /// The app layer renews the token on this kind; the message and the details never hold the token.
    @Test(arguments: [
        #"{"errors":[{"status":"401","type":"AUTHENTICATION","code":null,"title":"Unauthorized","detail":"Bearer CANARY-app-token-c41f expired","meta":{"debug":{"requestId":"jr-1"}}}]}"#,
        #"{"type":"AUTHENTICATION","code":null,"description":"token CANARY-app-token-c41f expired","docURL":"d","statusCode":401,"requestId":"jr-1","resolution":{"type":null}}"#,
    ])
    func aRejectedAppTokenIsItsOwnKindInEitherShape(body: String) async throws {
        let h = try H([H.answer(401, body, requestId: "hdr")])
        let error = await #expect(throws: CarportError.self) {
            try await h.client.signals(vehicleId: "v1", userId: H.userId, appToken: H.appToken)
        }
        #expect(error?.kind == .appTokenRejected && error?.details?.statusCode == 401)
        #expect(error?.message.contains("Request id: jr-1") == true)
        let texts = [error?.message ?? "", error?.details?.description ?? ""]
        #expect(texts.allSatisfy { !$0.contains(H.appToken.reveal()) && !$0.contains(H.secret) })
        #expect(await h.transport.remaining == 0, "a 401 is not retried")
    }

    @Test func disconnectDeletesTheConnection() async throws {
        let h = try H([.http(status: 204, headers: [:], body: "")])
        try await h.client.disconnect(connectionId: "conn-1", userId: H.userId, appToken: H.appToken)
        let request = try #require(await h.transport.requests.first)
        #expect(request.httpMethod == "DELETE" && request.url?.path == "/v3/connections/conn-1")
        #expect(request.value(forHTTPHeaderField: "sc-user-id") == H.userId)
    }

    @Test func everyErrorTextIsRedactedOfTheSecretAndTheToken() async throws {
        let echo = "secret \(H.secret) token \(H.appToken.reveal())"
        let h = try H([
            .http(status: 502, headers: ["Content-Type": "text/plain"], body: echo),
            .http(status: 502, headers: ["Content-Type": "text/plain"], body: echo),
            .http(status: 502, headers: ["Content-Type": "text/plain"], body: echo),
            H.answer(
                409, #"{"errors":[{"status":"409","type":"VEHICLE_STATE","code":"DOOR_OPEN","detail":"\#(echo)"}]}"#),
        ])
        let reads = await #expect(throws: CarportError.self) {
            try await h.client.vehicle("v1", userId: H.userId, appToken: H.appToken)
        }
        let command = await #expect(throws: CarportError.self) {
            try await h.client.security(.lock, vehicleId: "v1", userId: H.userId, appToken: H.appToken)
        }
        for error in [reads, command] {
            let texts = [error?.message ?? "", error?.details?.description ?? ""] + (error?.details?.detail ?? [])
            #expect(texts.allSatisfy { !$0.contains(H.secret) && !$0.contains(H.appToken.reveal()) }, "\(texts)")
        }
        #expect(command?.details?.name == "VEHICLE_STATE:DOOR_OPEN")
    }
}
