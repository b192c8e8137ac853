import Foundation

/// The HTML of the Connect screens, with the element ids Smartcar's own browser tests use
/// (docs/SMARTCAR.md §2.5). Every piece of request input goes through `escape`. No script, no
/// external resource; readable on a phone (390 px) without scrolling sideways.
enum ConnectPages {
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func page(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title)) · Smartcar Connect (emulator)</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>\(stylesheet)</style></head>
        <body><header>Smartcar Connect <span>emulator</span></header><main><h1>\(escape(title))</h1>
        \(body)
        </main></body></html>
        """
    }

    /// The pages' one stylesheet, inline and allowed by its hash (no `unsafe-inline`).
    static let stylesheet = """
        *{box-sizing:border-box}
        body{margin:0;background:#f5f7fa;color:#14181f;
        font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        header{padding:.75rem 1.25rem;background:#14181f;color:#fff;font-weight:700}
        header span{margin-left:.25rem;font-weight:400;opacity:.7}
        main{max-width:28rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
        h1{margin:.5rem 0 1rem;font-size:1.5rem;line-height:1.25}
        h2{margin:1.5rem 0 .5rem;font-size:1rem}
        ul{margin:0;padding:0;list-style:none}
        li{padding:.5rem 0;border-bottom:1px solid #e2e6eb;overflow-wrap:anywhere}
        li small{display:block;color:#5b6573}
        label{display:block;margin:0 0 1rem;font-weight:600}
        input{display:block;width:100%;margin-top:.25rem;padding:.75rem;border:1px solid #b8c0cc;border-radius:8px;
        font:inherit;font-weight:400}
        button{display:block;width:100%;margin:.75rem 0 0;padding:.8rem;border:1px solid #0b5fff;border-radius:8px;
        background:#0b5fff;color:#fff;font:inherit;font-weight:600;cursor:pointer}
        #deny-button{background:#fff;color:#0b5fff}
        .brand-list-item{border-color:#d0d6de;background:#fff;color:#14181f;text-align:left}
        .hint{color:#5b6573;font-size:.875rem}
        #error-message{padding:1rem;border-left:4px solid #b42318;background:#fff;overflow-wrap:anywhere}
        """

    /// `stylesheet`'s SHA-256, as the Content-Security-Policy names it; the tests say when it is stale.
    static let stylesheetHash = "sha256-VkPVOESIrmOTM/ipxfuw3KSssp5JlgdSGlqJiole+5o="

    /// A page as an answer. Its Content-Security-Policy allows the page's own stylesheet and no
    /// other resource; forms go to this origin, whose answer may redirect them to `redirect` (the
    /// app's redirect URI).
    static func response(_ status: Int, _ page: String, redirect: String? = nil) -> EmulatorResponse {
        let targets = ["'self'"] + (redirect.map(origin(of:)) ?? [])
        let policy = [
            "default-src 'none'", "style-src '\(stylesheetHash)'",
            "form-action \(targets.joined(separator: " "))",
            "base-uri 'none'", "frame-ancestors 'none'",
        ]
        return .html(status, page).adding("Content-Security-Policy", policy.joined(separator: "; "))
    }

    /// `scheme://host[:port]` of a URI, as a CSP source; none when it has no host.
    private static func origin(of uri: String) -> [String] {
        guard let parts = URLComponents(string: uri), let scheme = parts.scheme, let host = parts.host, !host.isEmpty
        else { return [] }
        let shown = host.contains(":") ? "[\(host)]" : host // an IPv6 literal
        return ["\(scheme)://\(shown)" + (parts.port.map { ":\($0)" } ?? "")]
    }

    static func hidden(_ session: String) -> String {
        "<input type=\"hidden\" name=\"session\" value=\"\(escape(session))\">"
    }

    static func error(_ message: String) -> String {
        page("Error", "<p id=\"error-message\">\(escape(message))</p>")
    }

    static func preamble(session: String) -> String {
        page(
            "Connect your vehicle",
            """
            <p>An application wants to connect to your vehicle. You will choose your vehicle's brand, sign in \
            with your carmaker account and decide what to share.</p>
            <form method="get" action="/connect/brands">\(hidden(session))
            <button id="continue-button" type="submit">Continue</button></form>
            """)
    }

    static func brands(session: String, makes: [String]) -> String {
        let buttons = makes.map {
            "<button id=\"\(escape($0))\" class=\"brand-list-item\" type=\"submit\" name=\"make\" "
                + "value=\"\(escape($0))\">\(escape($0))</button>"
        }.joined(separator: "\n")
        return page(
            "Select your brand",
            """
            <input id="brand-search" type="search" placeholder="Search brands" aria-label="Search brands">
            <form method="get" action="/connect/login">\(hidden(session))
            \(buttons)
            </form>
            """)
    }

    static func login(session: String, make: String, problem: String? = nil) -> String {
        page(
            "Sign in to \(make)",
            (problem.map { "<p id=\"login-error\" class=\"hint\">\(escape($0))</p>\n" } ?? "")
                + """
                    <form method="post" action="/connect/login">\(hidden(session))
                <input type="hidden" name="make" value="\(escape(make))">
                <label>Email <input id="username" name="username" type="email" autocomplete="username"></label>
                <label>Password <input id="password" name="password" type="password" autocomplete="current-password"></label>
                <button id="sign-in-button" type="submit">Sign in</button>
                </form>
                <p class="hint">Emulator: any password works; the email chooses the test account.</p>
                """)
    }

    static func grant(session: String, vehicles: [SimVehicle], scopes: [String]) -> String {
        let cars = vehicles.map {
            "<li class=\"vehicle\" data-vehicle-id=\"\(escape($0.id))\">\($0.year) \(escape($0.make)) \(escape($0.model))"
                + "<small>VIN \(escape($0.vin))</small></li>"
        }.joined(separator: "\n")
        let permissions = scopes.map {
            "<li class=\"permission\" data-permission=\"\(escape($0))\">\(escape(label(ofPermission: $0)))</li>"
        }.joined(separator: "\n")
        return page(
            "Allow access",
            """
            <p>The application asks to connect to these vehicles:</p><ul id="vehicle-list">\(cars)</ul>
            <h2>It will be able to</h2><ul id="permission-list">\(permissions)</ul>
            <form method="post" action="/connect/grant">\(hidden(session))
            <button id="approval-button" type="submit" name="decision" value="approve">Allow</button>
            <button id="deny-button" type="submit" name="decision" value="deny">Deny</button>
            </form>
            """)
    }

    /// `read_engine_oil` → "See your engine oil", `control_security` → "Control your security".
    static func label(ofPermission name: String) -> String {
        let (verb, rest) =
            name.hasPrefix("control_")
            ? ("Control", name.dropFirst(8)) : ("See", name.dropFirst(name.hasPrefix("read_") ? 5 : 0))
        let words = rest.split(separator: "_").map { ["vin", "pin"].contains($0) ? $0.uppercased() : String($0) }
        return "\(verb) your \(words.joined(separator: " "))"
    }
}
