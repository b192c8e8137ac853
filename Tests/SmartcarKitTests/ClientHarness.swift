import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A live client over a scripted transport, with a fixed clock and recorded (not slept) delays.
struct ClientHarness {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let secret = "CANARY-client-secret-91"

    let client: LiveSmartcarClient
    let transport: ScriptedTransport
    let sleeps: SleepLog

    init(_ script: [ScriptedTransport.Answer]) throws {
        let env = [
            "HOME": "/nonexistent", "SMARTCAR_CLIENT_ID": "cid", "SMARTCAR_CLIENT_SECRET": Self.secret,
            "SMARTCAR_AUTH_ORIGIN": "http://127.0.0.1:9/oauth/token", "SMARTCAR_API_ORIGIN": "http://127.0.0.1:9",
        ]
        let config = try Configuration.load(environment: env, readFile: { _ in nil })
        transport = ScriptedTransport(script)
        let sleeps = SleepLog()
        self.sleeps = sleeps
        client = try LiveSmartcarClient(
            configuration: config, clock: ManualClock(Self.now), random: HalfRandom(),
            transport: transport, sleep: { await sleeps.record($0) })
    }

    static func fixture(_ name: String) -> String {
        let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
        return try! String(contentsOf: url, encoding: .utf8)
    }

    static func ok(_ name: String, headers: [String: String] = [:]) -> ScriptedTransport.Answer {
        .json(200, fixture(name), headers: headers)
    }
}

actor SleepLog {
    private(set) var delays: [TimeInterval] = []
    func record(_ delay: TimeInterval) { delays.append(delay) }
}

/// Jitter of exactly one half, so backoff delays are predictable.
struct HalfRandom: RandomSource {
    func bytes(_ count: Int) -> [UInt8] { Array(repeating: 7, count: count) }
    func unit() -> Double { 0.5 }
}

extension URLRequest {
    var bodyText: String { httpBody.map { String(decoding: $0, as: UTF8.self) } ?? "" }
}
