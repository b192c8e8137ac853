import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit

/// A v3 client over a scripted transport, with a fixed clock and recorded (not slept) delays.
struct V3ClientHarness {
    static let secret = "CANARY-api-client-secret-3b8e"
    static let appToken = Secret("CANARY-app-token-c41f")
    static let userId = "user-9a1"

    let client: LiveSmartcarV3Client
    let transport: ScriptedTransport
    let sleeps: SleepLog

    init(_ script: [ScriptedTransport.Answer]) throws {
        let env = [
            "HOME": "/nonexistent", "SMARTCAR_APPLICATION_ID": "app-1", "SMARTCAR_API_CLIENT_ID": "client_abc",
            "SMARTCAR_API_CLIENT_SECRET": Self.secret, "SMARTCAR_IAM_ORIGIN": "http://127.0.0.1:9",
            "SMARTCAR_VEHICLE_API_V3_ORIGIN": "http://127.0.0.1:9",
        ]
        let config = try Configuration.load(environment: env, readFile: { _ in nil })
        transport = ScriptedTransport(script)
        let sleeps = SleepLog()
        self.sleeps = sleeps
        client = try LiveSmartcarV3Client(
            configuration: config, clock: ManualClock(ClientHarness.now), random: HalfRandom(),
            transport: transport, sleep: { await sleeps.record($0) })
    }

    /// A v3 answer with Smartcar's request id header.
    static func answer(_ status: Int, _ body: String, requestId: String = "req-v3") -> ScriptedTransport.Answer {
        .json(status, body, headers: ["SC-Request-Id": requestId])
    }

    /// A signal as Smartcar's examples show it (epoch-millisecond times).
    static func signal(_ code: String, status: String = "SUCCESS", body: String) -> String {
        #"{"id":"\#(code)","type":"signal","attributes":{"code":"\#(code)","status":{"value":"\#(status)"},"body":\#(body)},"#
            + #""meta":{"retrievedAt":1800000000000,"oemUpdatedAt":1799999940000}}"#
    }
}
