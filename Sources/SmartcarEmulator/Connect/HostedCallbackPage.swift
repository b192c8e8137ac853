/// The callback page a team hosts (`contrib/callback-page/index.html`, README "A callback page to
/// host"), served by the emulator at `path` so `carport demo` and the browser test show the
/// hosted-page path over loopback. It holds no server logic: the page reads the query itself.
enum HostedCallbackPage {
    static let path = "/callback-page"

    /// The page on the emulator that `host` (a request's `Host`) names. Registered for the app
    /// besides `EmulatorConfig.redirectURIs`, so a hosted-page session needs no setup.
    static func url(host: String?) -> String? { host.map { "http://\($0)\(path)" } }

    /// The page with its own Content-Security-Policy (from its `<meta>`) also as a header, where
    /// `frame-ancestors` works too, and no referrer and no caching: its address holds a code.
    static var response: EmulatorResponse {
        .html(200, html)
            .adding("Content-Security-Policy", policy + "; frame-ancestors 'none'")
            .adding("Referrer-Policy", "no-referrer")
            .adding("X-Content-Type-Options", "nosniff")
    }

    /// The policy the page's `<meta http-equiv="Content-Security-Policy">` declares.
    static var policy: String {
        let marker = #"http-equiv="Content-Security-Policy" content=""#
        guard let start = html.range(of: marker)?.upperBound, let end = html[start...].firstIndex(of: "\"") else {
            return "default-src 'none'"
        }
        return String(html[start..<end])
    }
}
