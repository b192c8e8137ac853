import Foundation

/// What the catcher answers: a static HTML page with no external resources, or the short URL's
/// redirect. Every answer forbids caching, referrers and framing, allows only the pages' own
/// stylesheet (by its hash) and closes the connection.
struct CatcherResponse: Sendable, Equatable {
    var status: Int
    var headers: [(String, String)]
    var body: String

    static func == (lhs: CatcherResponse, rhs: CatcherResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }

    /// A page for the customer (`CustomerPage`), styled by `stylesheet` alone.
    static func page(status: Int, _ page: CustomerPage) -> CatcherResponse {
        let mark = page.tone == .done ? "✓" : "!"
        let details =
            page.details.map {
                "<details><summary>Details for the person helping you</summary><p>\(escape($0))</p></details>\n"
            } ?? ""
        let body = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(page.title))</title>
            <style>\(stylesheet)</style>
            </head><body class="\(page.tone.rawValue)"><main>
            <p class="mark" aria-hidden="true">\(mark)</p>
            <h1>\(escape(page.title))</h1>
            <p>\(escape(page.happened))</p>
            <p class="next">\(escape(page.next))</p>
            \(details)</main></body></html>

            """
        return CatcherResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: body)
    }

    /// The pages' one stylesheet, inline and allowed by its hash (no `unsafe-inline`), readable on a
    /// phone (390 px) without scrolling sideways.
    static let stylesheet = """
        body{margin:0;background:#eef1f4;color:#1d2329;
        font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{box-sizing:border-box;max-width:34rem;margin:10vh auto 2rem;padding:2rem 1.75rem;background:#fff;
        border-top:6px solid #1f7a3d;border-radius:12px;box-shadow:0 2px 8px rgba(0,0,0,.08)}
        .mark{width:3rem;height:3rem;margin:0 0 1rem;border-radius:50%;background:#1f7a3d;color:#fff;
        font-size:1.75rem;font-weight:700;line-height:3rem;text-align:center}
        .problem main{border-top-color:#b42318}.problem .mark{background:#b42318}
        .notice main{border-top-color:#9a5b00}.notice .mark{background:#9a5b00}
        h1{margin:0 0 .75rem;font-size:1.6rem;line-height:1.25}
        p{margin:0 0 1rem}
        .next{font-weight:600}
        details{margin-top:1.5rem;color:#57606a;font-size:.875rem;overflow-wrap:anywhere}
        summary{cursor:pointer}
        @media (max-width:36rem){main{min-height:100vh;margin:0;padding:1.5rem 1.25rem;border-radius:0;box-shadow:none}}
        """

    /// `stylesheet`'s SHA-256, as the Content-Security-Policy names it; the tests say when it is stale.
    static let stylesheetHash = "sha256-+Fcdt+byaJZIyVhx1kDJ7DnXtwHYSxlj4NsPl17CyT8="

    static func redirect(to location: URL) -> CatcherResponse {
        CatcherResponse(status: 302, headers: [("Location", location.absoluteString)], body: "")
    }

    static func refusal(_ refusal: RequestHead.Refusal) -> CatcherResponse {
        page(status: refusal.status, .refusedRequest("Request refused", refusal.reason))
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
                "default-src 'none'; style-src '\(Self.stylesheetHash)'; base-uri 'none'; form-action 'none'; "
                    + "frame-ancestors 'none'"
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
