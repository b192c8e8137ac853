import Foundation

/// What the catcher answers: a static HTML page with no external resources, or the short URL's
/// redirect. Every answer forbids caching and referrers and closes the connection.
struct CatcherResponse: Sendable, Equatable {
    var status: Int
    var headers: [(String, String)]
    var body: String

    static func == (lhs: CatcherResponse, rhs: CatcherResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }

    static func page(status: Int, title: String, message: String) -> CatcherResponse {
        let body = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Carport: \(escape(title))</title>
            <style>body{font-family:sans-serif;max-width:36em;margin:4em auto;line-height:1.5}</style>
            </head><body><h1>\(escape(title))</h1><p>\(escape(message))</p></body></html>

            """
        return CatcherResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: body)
    }

    static func redirect(to location: URL) -> CatcherResponse {
        CatcherResponse(status: 302, headers: [("Location", location.absoluteString)], body: "")
    }

    static func refusal(_ refusal: RequestHead.Refusal) -> CatcherResponse {
        page(status: refusal.status, title: "Request refused", message: refusal.reason)
    }

    /// The bytes on the wire.
    var encoded: Data {
        var head = "HTTP/1.1 \(status) \(Self.phrase(status))\r\n"
        let fixed = [
            ("Cache-Control", "no-store"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Content-Type-Options", "nosniff"),
            (
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
            ),
            ("Content-Length", String(body.utf8.count)),
            ("Connection", "close"),
        ]
        for (name, value) in headers + fixed { head += "\(name): \(value)\r\n" }
        return Data((head + "\r\n" + body).utf8)
    }

    /// Text made safe for HTML element content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 302: "Found"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 431: "Request Header Fields Too Large"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }
}
