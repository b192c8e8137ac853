import CarportCore
import Foundation
import Testing

struct ConnectURLTests {
    let origin = URL(string: "https://connect.smartcar.com")!

    /// The exact query the official Python SDK 6.19.1 produced for these inputs (docs/SMARTCAR.md §2.2).
    @Test func matchesTheOfficialSDKForEveryParameter() {
        let request = ConnectRequest(
            clientId: "cid", redirectURI: "https://example.com/cb",
            scopes: [.init("read_odometer"), .init("read_vin", required: true)], state: "s1",
            forcePrompt: true, mode: .test, make: "TESLA", singleSelect: .vin("0SCAUDI037A5ADB1C"),
            flags: [.init("country", "DE"), .init("x", "true")], user: "u-1")
        let sdk =
            "https://connect.smartcar.com/oauth/authorize?response_type=code&client_id=cid&approval_prompt=force&mode=test&redirect_uri=https%3A%2F%2Fexample.com%2Fcb&scope=read_odometer+required%3Aread_vin&state=s1&make=TESLA&single_select_vin=0SCAUDI037A5ADB1C&single_select=true&flags=country%3ADE+x%3Atrue&user=u-1"
        #expect(ConnectURL.authorize(origin: origin, request).absoluteString == sdk)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let request: ConnectRequest
        let query: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "minimal: SDK defaults", request: ConnectRequest(clientId: "cid"),
            query: "response_type=code&client_id=cid&approval_prompt=auto&mode=live"),
        Case(
            name: "simulated mode, single select on",
            request: ConnectRequest(clientId: "cid", mode: .simulated, singleSelect: .enabled),
            query: "response_type=code&client_id=cid&approval_prompt=auto&mode=simulated&single_select=true"),
        Case(
            name: "single select off",
            request: ConnectRequest(clientId: "cid", singleSelect: .disabled),
            query: "response_type=code&client_id=cid&approval_prompt=auto&mode=live&single_select=false"),
        Case(
            name: "localhost redirect and escaped state",
            request: ConnectRequest(clientId: "c", redirectURI: "http://localhost:8000/callback", state: "a b/+=&"),
            query:
                "response_type=code&client_id=c&approval_prompt=auto&mode=live&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fcallback&state=a+b%2F%2B%3D%26"
        ),
        Case(
            name: "empty scope list is left out", request: ConnectRequest(clientId: "c", scopes: []),
            query: "response_type=code&client_id=c&approval_prompt=auto&mode=live"),
    ]

    @Test(arguments: cases)
    func query(_ c: Case) {
        #expect(ConnectURL.authorize(origin: origin, c.request).query == c.query)
    }

    @Test func originWithTrailingSlashAndPathlessHost() {
        let url = ConnectURL.authorize(origin: URL(string: "http://127.0.0.1:9000/")!, ConnectRequest(clientId: "c"))
        #expect(url.absoluteString.hasPrefix("http://127.0.0.1:9000/oauth/authorize?"))
    }

    @Test func reauthenticationURL() {
        let url = ConnectURL.reauthenticate(
            origin: origin, clientId: "cid", vehicleId: "v-1",
            redirectURI: "http://localhost:8000/callback", state: "st")
        #expect(
            url.absoluteString
                == "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=cid&vehicle_id=v-1&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fcallback&state=st"
        )
    }

    @Test func scopeParsing() {
        #expect(ConnectRequest.Scope(parsing: "required:read_vin") == .init("read_vin", required: true))
        #expect(ConnectRequest.Scope(parsing: "read_vin") == .init("read_vin"))
    }

    @Test func formDecodingRoundTrips() {
        let pairs = [("state", "a b/+=&é"), ("code", "x")]
        let decoded = FormEncoding.decode(FormEncoding.encode(pairs))
        #expect(decoded.map(\.0) == ["state", "code"])
        #expect(decoded.map(\.1) == ["a b/+=&é", "x"])
    }

    @Test func formDecodingKeepsAMalformedPartAsWritten() {
        let decoded = FormEncoding.decode("a=%zz+b&b=%4&c=%ff%fe&d=%41%42+c&=x&e")
        #expect(decoded.map(\.0) == ["a", "b", "c", "d", "", "e"])
        #expect(decoded.map(\.1) == ["%zz b", "%4", "%ff%fe", "AB c", "x", ""])
        #expect(FormEncoding.escape("é ~/") == "%C3%A9+~%2F")
    }

    @Test func uuidsAreVersionFourInCanonicalForm() {
        let uuid = SystemRandom().uuid()
        let groups = uuid.split(separator: "-").map(\.count)
        #expect(groups == [8, 4, 4, 4, 12])
        #expect(Array(uuid)[14] == "4")
        #expect("89ab".contains(Array(uuid)[19]))
        #expect(uuid == uuid.lowercased())
        #expect(UUID(uuidString: uuid) != nil)
    }

    @Test func stateHas256BitsAndIsURLSafe() {
        let state = SystemRandom().state()
        #expect(state.count == 43)
        #expect(state.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(state != SystemRandom().state())
    }
}

struct LiveDataPermissionTests {
    @Test func accessNowComparesTheLiveAnswerWithTheGrantedScopes() {
        let granted = ["read_vin", "read_odometer", "control_security"]
        #expect(LiveData().accessNow(granted: granted) == nil)
        #expect(
            LiveData(permissions: ["read_odometer", "read_vin", "control_security"]).accessNow(granted: granted)
                == "all 3 permissions granted at Connect")
        let changed = LiveData(permissions: ["read_vin", "read_location"])
        #expect(changed.withdrawnPermissions(granted: granted) == ["read_odometer", "control_security"])
        #expect(
            changed.accessNow(granted: granted) == "withdrawn: read_odometer control_security · added: read_location")
    }
}
