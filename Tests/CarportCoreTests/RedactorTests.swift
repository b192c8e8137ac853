import CarportCore
import Foundation
import Testing

struct RedactorTests {
    @Test(arguments: [
        ("Invalid refresh_token: 3e565aed-d4b2-4296-9b4c-aec35825a6aa.", "Invalid refresh_token: ‹redacted›."),
        ("Invalid code: THIS_SHOULD_NOT_WORK.", "Invalid code: ‹redacted›."),
        ("Authorization: Bearer abc.def.ghi", "Authorization: Bearer ‹redacted›"),
        ("Basic Y2lkOmNzZWNyZXQ=", "Basic ‹redacted›"),
        (#"{"access_token":"tok-1","expires_in":7200}"#, #"{"access_token":"‹redacted›","expires_in":7200}"#),
        ("grant_type=refresh_token&refresh_token=r-9&x=1", "grant_type=refresh_token&refresh_token=‹redacted›&x=1"),
        ("The token service is down.", "The token service is down."),
        (
            "Unauthorized redirect_uri: http://localhost:8000/callback",
            "Unauthorized redirect_uri: http://localhost:8000/callback"
        ),
    ])
    func redacts(_ input: String, _ expected: String) {
        #expect(Redactor.redact(input) == expected)
    }

    @Test func secretsNeverPrintThemselves() {
        let secret = Secret("CANARY-secret-1234")
        var dumped = ""
        dump(secret, to: &dumped)
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped] {
            #expect(!text.contains("CANARY"), "\(text)")
        }
        #expect(secret.reveal() == "CANARY-secret-1234")
    }

    @Test func tokenPairsDoNotPrintTheirTokens() {
        let pair = TokenPair(
            accessToken: Secret("CANARY-access"), refreshToken: Secret("CANARY-refresh"),
            expiresIn: 7200, issuedAt: Date())
        var dumped = ""
        dump(pair, to: &dumped)
        #expect(!dumped.contains("CANARY"))
        #expect(!"\(pair)".contains("CANARY"))
    }
}
