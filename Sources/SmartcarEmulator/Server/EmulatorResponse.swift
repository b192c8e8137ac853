import Foundation

/// What a handler answers. `drop` closes the connection without a byte.
struct EmulatorResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: Data
    var drop = false

    init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static let jsonType = "application/json; charset=utf-8"

    static func json(_ status: Int, _ value: some Encodable, headers: [(String, String)] = []) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: [("Content-Type", jsonType)] + headers, body: encode(value))
    }

    static func html(_ status: Int, _ page: String) -> EmulatorResponse {
        EmulatorResponse(
            status: status,
            headers: [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Cache-Control", "no-store"),
            ], body: Data(page.utf8))
    }

    static func redirect(_ location: String) -> EmulatorResponse {
        EmulatorResponse(status: 302, headers: [("Location", location), ("Cache-Control", "no-store")])
    }

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    func adding(_ name: String, _ value: String) -> EmulatorResponse {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
