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
        var flow = ConnectFlow(state: "S", purpose: .newConnection(customer: "ACME"))
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
        var flow = ConnectFlow(state: "S", purpose: .newConnection(customer: "ACME"))
        guard case .rejected = flow.receive(query: "error=access_denied&state=X") else {
            Issue.record("expected a rejection")
            return
        }
        #expect(flow.receive(query: "code=c&state=S") == .accepted(.code("c")))
    }

    @Test func reauthenticationWaitsForAVehicleId() {
        var flow = ConnectFlow(
            state: "S", purpose: .reauthenticateVehicle(connectionId: "c", customer: "ACME", vehicleId: "v"))
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
        var flow = ConnectFlow(state: "S", purpose: .newConnection(customer: "ACME"))
        guard case .rejected(let rejection) = flow.receive(query: query) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(!rejection.reason.unicodeScalars.contains { $0.value < 0x20 })
        #expect(rejection.reason.count < 120)
    }

    @Test func anEmptyStateNeverMatches() {
        var flow = ConnectFlow(state: "", purpose: .newConnection(customer: "ACME"))
        guard case .rejected = flow.receive(query: "code=c&state=") else {
            Issue.record("an empty state was accepted")
            return
        }
    }

    @Test func stateComparisonNeedsEveryByte() {
        var flow = ConnectFlow(state: "abcdef", purpose: .newConnection(customer: "ACME"))
        for guess in ["abcde", "abcdefg", "abcdeF", "", "bbcdef"] {
            guard case .rejected = flow.receive(query: "code=c&state=\(guess)") else {
                Issue.record("\(guess) was accepted")
                return
            }
        }
        #expect(flow.receive(query: "code=c&state=abcdef") == .accepted(.code("c")))
    }
}

@Suite struct ConstantTimeEqualTests {
    @Test("lengths 256 apart never compare equal (the difference is not folded into a byte)")
    func lengthDifferenceCountsWhole() {
        #expect(!ConnectFlow.constantTimeEqual([], [UInt8](repeating: 0, count: 256)))
        #expect(!ConnectFlow.constantTimeEqual([7], [7] + [UInt8](repeating: 0, count: 256)))
        #expect(ConnectFlow.constantTimeEqual(Array("state".utf8), Array("state".utf8)))
        #expect(!ConnectFlow.constantTimeEqual(Array("state".utf8), Array("statf".utf8)))
    }
}

/// A v3 app's callback: `user_id` with the right state; a code beside it is neither needed nor kept.
struct ConnectFlowV3Tests {
    @Test func aV3SessionTakesTheUserIdAndIgnoresACode() {
        var flow = ConnectFlow(state: "s-1", purpose: .newConnection(customer: "Vera"), application: .v3)
        #expect(flow.receive(query: "user_id=u-1&code=c-1&state=s-1") == .accepted(.userId("u-1")))
    }

    @Test func aV3SessionRefusesAWrongStateAndACodeAlone() {
        var flow = ConnectFlow(state: "s-1", purpose: .newConnection(customer: "Vera"), application: .v3)
        guard case .rejected = flow.receive(query: "user_id=u-1&state=s-2") else {
            Issue.record("a wrong state was accepted")
            return
        }
        guard case .rejected(let refusal) = flow.receive(query: "code=c-1&state=s-1") else {
            Issue.record("a code alone was accepted by a v3 session")
            return
        }
        #expect(refusal.reason.contains("classic app") && refusal.reason.contains("--kind classic"))
        #expect(flow.phase == .waiting)
    }

    @Test func aClassicSessionNamesTheV3SettingsWhenOnlyAUserIdComes() {
        var flow = ConnectFlow(state: "s-1", purpose: .newConnection(customer: "Vera"))
        guard case .rejected(let refusal) = flow.receive(query: "user_id=u-1&state=s-1") else {
            Issue.record("a user id was accepted by a classic session")
            return
        }
        #expect(refusal.reason.contains("SMARTCAR_APPLICATION_ID"))
    }
}
