import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import SmartcarKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real emulator on a free loopback port plus a small URLSession client that does not follow
/// redirects, so tests see Connect's 302s.
struct EmulatorHarness {
    let emulator: Emulator
    let base: URL
    let config: EmulatorConfig

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }

        /// The query of the `Location` header as a dictionary.
        var redirectQuery: [String: String] {
            guard let location = header("Location"), let query = URLComponents(string: location)?.query else {
                return [:]
            }
            return Dictionary(FormEncoding.decode(query), uniquingKeysWith: { a, _ in a })
        }
    }

    /// Runs `body` against a fresh emulator and stops it afterwards, also when `body` throws.
    static func with(
        _ configure: (inout EmulatorConfig) -> Void = { _ in },
        _ body: (EmulatorHarness) async throws -> Void
    ) async throws {
        // A clock that stands still: only `advanceClock` moves it, however slow the machine is.
        var config = EmulatorConfig(seedDemoWorld: false, clock: ManualClock(Date()))
        configure(&config)
        try await withEmulator(config) { emulator in
            try await body(EmulatorHarness(emulator: emulator, base: emulator.baseURL, config: config))
        }
    }

    func request(_ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil) async throws
        -> Reply
    {
        var request = URLRequest(url: URL(string: base.absoluteString + path)!)
        request.httpMethod = method
        // A fresh connection per request: FoundationNetworking re-sends a POST whose reused
        // connection closed without a reply and then hangs for the 60 s timeout (measured with
        // the drop fault), which would make the drop tests slow rather than wrong.
        request.setValue("close", forHTTPHeaderField: "Connection")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var flat: [String: String] = [:]
        for (key, value) in http.allHeaderFields { flat["\(key)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: flat, body: data)
    }

    func get(_ path: String, token: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var all = headers
        if let token { all["Authorization"] = "Bearer \(token)" }
        return try await request("GET", path, headers: all)
    }

    func postJSON(_ path: String, token: String, _ json: String) async throws -> Reply {
        try await request(
            "POST", path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
            body: Data(json.utf8))
    }

    /// `POST /oauth/token` with Basic client authentication (as every SDK does).
    func token(_ form: [(String, String)], secret: String? = nil) async throws -> Reply {
        let credentials = Data("\(config.clientId):\(secret ?? config.clientSecret)".utf8).base64EncodedString()
        return try await request(
            "POST", SmartcarPaths.token,
            headers: [
                "Authorization": "Basic \(credentials)",
                "Content-Type": "application/x-www-form-urlencoded",
            ],
            body: Data(FormEncoding.encode(form).utf8))
    }

    func authorizeQuery(_ extra: [(String, String)] = []) -> String {
        FormEncoding.encode(
            [
                ("response_type", "code"), ("client_id", config.clientId),
                ("redirect_uri", config.redirectURIs[0]), ("state", "st-1"), ("mode", "test"),
            ] + extra)
    }

    /// A code from Connect's `emulator_auto=approve` shortcut.
    func approvedCode(email: String = "someone@example.com", scope: String? = nil) async throws -> String {
        var extra = [("emulator_auto", "approve"), ("emulator_email", email)]
        if let scope { extra.append(("scope", scope)) }
        let reply = try await get("\(SmartcarPaths.authorize)?\(authorizeQuery(extra))")
        guard let code = reply.redirectQuery["code"] else { throw HarnessError("no code in \(reply.headers)") }
        return code
    }

    func exchange(_ code: String) async throws -> TokenResponse {
        let reply = try await token([
            ("grant_type", "authorization_code"), ("code", code),
            ("redirect_uri", config.redirectURIs[0]),
        ])
        guard reply.status == 200 else { throw HarnessError("exchange: \(reply.status) \(reply.text)") }
        return try JSONDecoder().decode(TokenResponse.self, from: reply.body)
    }

    static let session = NoRedirects.session
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
