import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit
import Testing

struct TokenClientTests {
    @Test func exchangeSendsBasicAuthAFormBodyAndAUserAgent() async throws {
        let h = try ClientHarness([ClientHarness.ok("token")])
        let pair = try await h.client.exchange(code: "code-1", redirectURI: "http://localhost:8000/callback")
        #expect(pair.accessToken.reveal() == "cf7ba7e9-8c5d-417d-a99f-c386cfc235cc")
        #expect(pair.refreshToken.reveal() == "3e565aed-d4b2-4296-9b4c-aec35825a6aa")
        #expect(pair.issuedAt == ClientHarness.now)
        #expect(pair.accessExpiresAt == ClientHarness.now + 7200)
        #expect(pair.refreshExpiresAt == ClientHarness.now + 60 * 86_400)
        let request = try #require(await h.transport.requests.first)
        #expect(request.httpMethod == "POST")
        #expect(request.url?.absoluteString == "http://127.0.0.1:9/oauth/token")
        let basic = Data("cid:\(ClientHarness.secret)".utf8).base64EncodedString()
        #expect(request.value(forHTTPHeaderField: "Authorization") == "Basic \(basic)")
        #expect(request.value(forHTTPHeaderField: "Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.value(forHTTPHeaderField: "User-Agent")?.hasPrefix("Carport/") == true)
        #expect(
            request.bodyText
                == "grant_type=authorization_code&code=code-1&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fcallback")
        #expect(request.timeoutInterval == RetryPolicy.standard.timeout)
    }

    @Test func refreshSendsTheRefreshGrant() async throws {
        let h = try ClientHarness([ClientHarness.ok("token")])
        _ = try await h.client.refresh(Secret("r-old"))
        let request = try #require(await h.transport.requests.first)
        #expect(request.bodyText == "grant_type=refresh_token&refresh_token=r-old")
    }

    @Test func aRefreshWhoseAnswerWasLostIsNeverResent() async throws {
        let h = try ClientHarness([
            .failure(TransportFailure(.answerLost, "connection lost")), ClientHarness.ok("token"),
        ])
        await #expect {
            try await h.client.refresh(Secret("r-old"))
        } throws: { error in
            let e = error as? CarportError
            return e?.kind == .answerLost && e?.message.contains("may have taken effect") == true
        }
        #expect(await h.transport.requests.count == 1)
    }

    @Test func aRefreshThatCouldNotConnectIsResent() async throws {
        let h = try ClientHarness([
            .failure(TransportFailure(.notSent, "connection refused")), ClientHarness.ok("token"),
        ])
        _ = try await h.client.refresh(Secret("r-old"))
        #expect(await h.transport.requests.count == 2)
        #expect(await h.sleeps.delays == [0.25])
    }

    @Test func aRefreshIsNotRetriedAfterA5xx() async throws {
        let h = try ClientHarness([
            .json(503, #"{"error":"server_error","error_description":"down"}"#), ClientHarness.ok("token"),
        ])
        await #expect(throws: CarportError.self) { try await h.client.refresh(Secret("r-old")) }
        #expect(await h.transport.requests.count == 1)
    }

    @Test func aGarbledSuccessOfARefreshIsALostAnswer() async throws {
        let h = try ClientHarness([.json(200, #"{"access_token":"a","token_type":"Bearer"}"#)])
        await #expect {
            try await h.client.refresh(Secret("r-old"))
        } throws: { ($0 as? CarportError)?.kind == .answerLost }
    }

    @Test func aDeadRefreshTokenIsRevokedAndNeverEchoed() async throws {
        let h = try ClientHarness([.json(400, ClientHarness.fixture("error-oauth-refresh"))])
        do {
            _ = try await h.client.refresh(Secret("3e565aed-d4b2-4296-9b4c-aec35825a6aa"))
            Issue.record("expected an error")
        } catch let error as CarportError {
            #expect(error.kind == .authorizationRevoked)
            #expect(!error.message.contains("3e565aed"))
            #expect(!error.message.contains(ClientHarness.secret))
        }
    }

    @Test func missingCredentialsAreAConfigurationError() {
        #expect {
            let config = try Configuration.load(environment: ["HOME": "/x"], readFile: { _ in nil })
            _ = try LiveSmartcarClient(configuration: config)
        } throws: { ($0 as? CarportError)?.kind == .configuration }
    }
}
