import CarportCore
import Foundation

/// One HTTP request as the emulator's handlers see it, independent of the HTTP server library.
struct EmulatorRequest: Sendable {
    var method: String
    /// Percent-decoded path without a trailing slash ("/" stays "/").
    var path: String
    var query: [(String, String)]
    /// Header names in lower case.
    var headers: [String: String]
    var body: Data

    init(method: String, path: String, rawQuery: String, headers: [String: String], body: Data) {
        self.method = method.uppercased()
        var clean = path.removingPercentEncoding ?? path
        if clean.count > 1, clean.hasSuffix("/") { clean.removeLast() }
        self.path = clean
        self.query = FormEncoding.decode(rawQuery)
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }

    func query(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The form body (`application/x-www-form-urlencoded`) as ordered pairs.
    var form: [(String, String)] { FormEncoding.decode(String(decoding: body, as: UTF8.self)) }

    func formValue(_ name: String) -> String? { form.first { $0.0 == name }?.1 }

    /// The Bearer token of the Authorization header, if that is the scheme used.
    var bearerToken: String? {
        guard let auth = header("authorization") else { return nil }
        let parts = auth.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    /// `Authorization: Basic base64(user:password)`, decoded.
    var basicCredentials: (user: String, password: String)? {
        guard let auth = header("authorization") else { return nil }
        let parts = auth.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]))
        else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    var imperial: Bool { header("sc-unit-system")?.lowercased() == "imperial" }
}
