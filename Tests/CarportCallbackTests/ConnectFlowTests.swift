import CarportCallback
import CarportCore
import Foundation
import Testing

@Suite struct ConnectFlowTests {
    struct ConnectErrorCase: Sendable, CustomTestStringConvertible {
        let query: String
        /// Words the message must contain: the error's name and what to do next.
        let mustSay: [String]
        var testDescription: String { query }
    }

    static let errors: [ConnectErrorCase] = [
        .init(
            query: "error=access_denied&error_description=User+denied+access+to+application.",
            mustSay: ["access_denied", "User denied access", "declined", "new session"]),
        .init(query: "error=invalid_subscription", mustSay: ["invalid_subscription", "subscription", "activate"]),
        .init(query: "error=no_vehicles", mustSay: ["no_vehicles", "add the vehicle"]),
        .init(
            query: "error=vehicle_incompatible&vin=5YJ3E1EA7MF000001&make=TESLA&model=Model+3&year=2021",
            mustSay: ["vehicle_incompatible", "TESLA Model 3 2021", "5YJ3E1EA7MF000001", "--scope"]),
        .init(
            query: "error=configuration_error&status_code=400&error_message=You+have+entered+a+test+mode+VIN.",
            mustSay: ["configuration_error", "status 400", "You have entered a test mode VIN.", "dashboard"]),
        .init(
            query: "error=server_error&error_description=Unexpected+server+error.",
            mustSay: ["server_error", "few minutes"]),
        .init(query: "error=user_cancelled", mustSay: ["user_cancelled", "left Connect"]),
        .init(
            query: "error=user_manually_returned_to_application",
            mustSay: ["user_manually_returned_to_application", "left Connect"]),
        .init(query: "error=something_new", mustSay: ["something_new", "new session"]),
    ]

    @Test(arguments: errors)
    func connectErrorEndsTheSessionWithAnActionableMessage(_ example: ConnectErrorCase) throws {
        var flow = ConnectFlow(state: "S")
        guard case .failed(let error) = flow.receive(query: example.query + "&state=S") else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .connect)
        for words in example.mustSay { #expect(error.message.contains(words), "\(error.message)") }
        #expect(flow.phase == .finished)
        #expect(flow.receive(query: "code=c&state=S") != .accepted(.code("c")))
    }

    @Test func errorWithTheWrongStateDoesNotEndTheSession() {
        var flow = ConnectFlow(state: "S")
        guard case .rejected = flow.receive(query: "error=access_denied&state=X") else {
            Issue.record("expected a rejection")
            return
        }
        #expect(flow.receive(query: "code=c&state=S") == .accepted(.code("c")))
    }

    @Test func reauthenticationWaitsForAVehicleId() {
        var flow = ConnectFlow(state: "S", purpose: .reauthenticate)
        guard case .rejected = flow.receive(query: "code=c&state=S") else {
            Issue.record("a code is not what re-authentication returns")
            return
        }
        #expect(flow.receive(query: "vehicle_id=v-1&state=S") == .accepted(.vehicleId("v-1")))
    }

    @Test(arguments: [
        ("http://localhost:8000/callback?code=a&state=b", "code=a&state=b"),
        ("  ?code=a&state=b \n", "code=a&state=b"),
        ("code=a&state=b", "code=a&state=b"),
        ("https://example.com/cb?code=a%2Fb&state=b", "code=a%2Fb&state=b"),
    ])
    func pastedTextYieldsItsQuery(_ pasted: String, _ query: String) {
        #expect(ConnectFlow.query(fromPasted: pasted) == query)
    }

    @Test(arguments: ["", "   ", "hello", "http://localhost:8000/callback", "http://localhost:8000/callback?"])
    func pastedTextWithoutAQueryIsNotACallback(_ pasted: String) {
        #expect(ConnectFlow.query(fromPasted: pasted) == nil)
    }

    @Test(arguments: [
        "%1B%5D52%3Bc%3Bevil%07=x&state=S", "code=a&%1B%5B2J=1&%1B%5B2J=2&state=S",
        "\(String(repeating: "n", count: 300))=1&\(String(repeating: "n", count: 300))=2&state=S",
    ])
    func rejectionsNeverRepeatHostileParameterNames(_ query: String) {
        var flow = ConnectFlow(state: "S")
        guard case .rejected(let rejection) = flow.receive(query: query) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(!rejection.reason.unicodeScalars.contains { $0.value < 0x20 })
        #expect(rejection.reason.count < 120)
    }

    @Test func anEmptyStateNeverMatches() {
        var flow = ConnectFlow(state: "")
        guard case .rejected = flow.receive(query: "code=c&state=") else {
            Issue.record("an empty state was accepted")
            return
        }
    }

    @Test func stateComparisonNeedsEveryByte() {
        var flow = ConnectFlow(state: "abcdef")
        for guess in ["abcde", "abcdefg", "abcdeF", "", "bbcdef"] {
            guard case .rejected = flow.receive(query: "code=c&state=\(guess)") else {
                Issue.record("\(guess) was accepted")
                return
            }
        }
        #expect(flow.receive(query: "code=c&state=abcdef") == .accepted(.code("c")))
    }
}

@Suite struct SSHTunnelHintTests {
    @Test func namesTheServerAddressAndTheUser() {
        let env = ["SSH_CONNECTION": "203.0.113.7 51234 198.51.100.20 22", "USER": "ops"]
        #expect(SSHTunnelHint.command(port: 8000, environment: env) == "ssh -L 8000:localhost:8000 ops@198.51.100.20")
    }

    @Test func addsTheSSHPortWhenItIsNot22() {
        let env = ["SSH_CONNECTION": "2001:db8::1 51234 2001:db8::2 2222", "LOGNAME": "ops"]
        #expect(
            SSHTunnelHint.command(port: 8123, environment: env) == "ssh -p 2222 -L 8123:localhost:8123 ops@2001:db8::2")
    }

    @Test(arguments: [[:], ["SSH_CONNECTION": "garbage"], ["SSH_CONNECTION": "a b c notaport"]])
    func noHintWithoutAUsableSSHConnection(_ env: [String: String]) {
        #expect(SSHTunnelHint.command(port: 8000, environment: env) == nil)
    }
}

@Suite struct ConnectAnnouncementTests {
    static let addresses = ConnectSession.Addresses(
        connectURL: URL(string: "https://connect.example/oauth/authorize?state=s")!,
        shortURL: URL(string: "http://localhost:8000/")!, redirectURI: "http://localhost:8000/callback", port: 8000)

    @Test func plainTextWhenStderrIsNotATerminal() {
        let text = ConnectAnnouncement(
            addresses: Self.addresses, sshCommand: "ssh -L 8000:localhost:8000 ops@h",
            timeout: .seconds(600), stderrIsTerminal: false)
        #expect(text.stdoutLine == "https://connect.example/oauth/authorize?state=s")
        #expect(!text.stderrText.contains("\u{1B}"))
        #expect(text.stderrText.contains("http://localhost:8000/"))
        #expect(text.stderrText.contains("    ssh -L 8000:localhost:8000 ops@h\n"))
        #expect(text.stderrText.contains("Waiting up to 10 minutes"))
    }

    @Test func withoutACatcherItAsksForThePaste() {
        var addresses = Self.addresses
        addresses.shortURL = nil
        addresses.port = nil
        addresses.redirectURI = "https://example.com/cb"
        let text = ConnectAnnouncement(
            addresses: addresses, sshCommand: nil, timeout: .seconds(90),
            stderrIsTerminal: false)
        #expect(text.stderrText.contains("Open the Connect URL above"))
        #expect(text.stderrText.contains("https://example.com/cb is not on this machine"))
        #expect(text.stderrText.contains("Waiting up to 90 seconds"))
    }

    @Test func linkAndClipboardOnATerminal() {
        let text = ConnectAnnouncement(
            addresses: Self.addresses, sshCommand: nil, timeout: .seconds(600),
            stderrIsTerminal: true)
        #expect(text.stdoutLine == "https://connect.example/oauth/authorize?state=s")
        #expect(text.stderrText.contains("\u{1B}]8;;http://localhost:8000/\u{1B}\\"))
        let copied = Data("https://connect.example/oauth/authorize?state=s".utf8).base64EncodedString()
        #expect(text.stderrText.contains("\u{1B}]52;c;\(copied)\u{07}"))
        #expect(!text.stderrText.contains("ssh -L"))
    }
}
