import CarportCallback
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit

/// A Connect session wired to the live client over a scripted transport and an in-memory store.
/// The test plays the browser: it reads `state` from the Connect URL and calls the catcher.
struct SessionHarness {
    let session: ConnectSession
    let transport: ScriptedTransport
    let store: InMemoryConnectionStore

    static let userId = "e0514ef4-5226-11e8-8c13-8f6e8f02e27e"
    static let vehicleId = "36ab27d0-fd9d-4455-823a-ce30af709ffc"

    /// The answers one successful link needs: token, user, one vehicle, its attributes,
    /// permissions (with `read_vin`) and VIN.
    static let linkScript: [ScriptedTransport.Answer] = [
        .json(200, #"{"access_token":"at-1","token_type":"Bearer","expires_in":7200,"refresh_token":"rt-1"}"#),
        .json(200, #"{"id":"\#(userId)"}"#),
        .json(200, #"{"paging":{"count":1,"offset":0},"vehicles":["\#(vehicleId)"]}"#),
        .json(200, #"{"id":"\#(vehicleId)","make":"TESLA","model":"Model 3","year":2021}"#),
        .json(200, #"{"permissions":["read_vehicle_info","read_vin"],"paging":{"count":2,"offset":0}}"#),
        .json(200, #"{"vin":"5YJ3E1EA7MF000001"}"#),
    ]

    init(script: [ScriptedTransport.Answer] = Self.linkScript, timeout: Duration = .seconds(60),
         store: InMemoryConnectionStore = InMemoryConnectionStore(),
         complete: ConnectSession.Completion? = nil) throws {
        let env = ["HOME": "/nonexistent", "SMARTCAR_CLIENT_ID": "cid", "SMARTCAR_CLIENT_SECRET": "CANARY-secret",
                   "SMARTCAR_AUTH_ORIGIN": "http://127.0.0.1:9/oauth/token", "SMARTCAR_API_ORIGIN": "http://127.0.0.1:9"]
        let config = try Configuration.load(environment: env, readFile: { _ in nil })
        let transport = ScriptedTransport(script)
        let client = try LiveSmartcarClient(configuration: config, transport: transport, sleep: { _ in })
        let linker = ConnectFlowLinker(api: client, store: store, clock: SystemClock(), random: SystemRandom(),
                                       osUser: "tester")
        let settings = ConnectSession.Settings(
            request: ConnectRequest(clientId: "cid", scopes: [.init("read_vehicle_info"), .init("read_vin")], mode: .test),
            connectOrigin: URL(string: "http://127.0.0.1:9")!,
            redirectURI: URL(string: "http://localhost:0/callback")!, timeout: timeout)
        self.session = ConnectSession(settings: settings, random: SystemRandom(), complete: complete ?? { grant, redirect in
            guard case .code(let code) = grant else { throw CarportError(.internal, "expected a code") }
            return try await linker.link(code: code, .init(customer: "ACME fleet", mode: .test, redirectURI: redirect))
        })
        self.transport = transport
        self.store = store
    }

    /// The `state` the session put into its Connect URL.
    static func state(of addresses: ConnectSession.Addresses) -> String {
        URLComponents(url: addresses.connectURL, resolvingAgainstBaseURL: false)!
            .queryItems!.first { $0.name == "state" }!.value!
    }

    /// The form body of the first request (the code exchange).
    func exchangeForm() async -> [String: String] {
        guard let body = await transport.requests.first?.httpBody else { return [:] }
        return Dictionary(FormEncoding.decode(String(decoding: body, as: UTF8.self)), uniquingKeysWith: { a, _ in a })
    }
}
