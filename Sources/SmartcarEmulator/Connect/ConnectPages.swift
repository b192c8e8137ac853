/// The HTML of the Connect screens, with the element ids Smartcar's own browser tests use
/// (docs/SMARTCAR.md §2.5). Every piece of request input goes through `escape`.
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
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body><main><h1>\(escape(title))</h1>
        \(body)
        </main></body></html>
        """
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
            <p>This application wants to connect to your vehicle through the Smartcar emulator.</p>
            <form method="get" action="/connect/brands">\(hidden(session))
            <button id="continue-button" type="submit">Continue</button></form>
            """)
    }

    static func brands(session: String, makes: [String]) -> String {
        let buttons = makes.map {
            "<button id=\"\(escape($0))\" class=\"brand-list-item\" type=\"submit\" name=\"make\" value=\"\(escape($0))\">\(escape($0))</button>"
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

    static func login(session: String, make: String) -> String {
        page(
            "Sign in to \(make)",
            """
            <form method="post" action="/connect/login">\(hidden(session))
            <input type="hidden" name="make" value="\(escape(make))">
            <label>Email <input id="username" name="username" type="email" autocomplete="username"></label>
            <label>Password <input id="password" name="password" type="password" autocomplete="current-password"></label>
            <button id="sign-in-button" type="submit">Sign in</button>
            </form>
            """)
    }

    static func grant(session: String, vehicles: [SimVehicle], scopes: [String]) -> String {
        let cars = vehicles.map {
            "<li class=\"vehicle\" data-vehicle-id=\"\(escape($0.id))\">\($0.year) \(escape($0.make)) \(escape($0.model)) · VIN \(escape($0.vin))</li>"
        }.joined(separator: "\n")
        let permissions = scopes.map { "<li class=\"permission\">\(escape($0))</li>" }.joined(separator: "\n")
        return page(
            "Allow access",
            """
            <h2>Vehicles</h2><ul id="vehicle-list">\(cars)</ul>
            <h2>Permissions</h2><ul id="permission-list">\(permissions)</ul>
            <form method="post" action="/connect/grant">\(hidden(session))
            <button id="approval-button" type="submit" name="decision" value="approve">Allow</button>
            <button id="deny-button" type="submit" name="decision" value="deny">Deny</button>
            </form>
            """)
    }
}
