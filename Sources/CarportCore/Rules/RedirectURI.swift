import Foundation

/// The configured redirect URI as `connect`, `reauth`, the TUI and `doctor` read it. A plain
/// `http` URI on this machine's loopback (`localhost`, `127.0.0.1`, `::1`) is caught here by the
/// callback catcher on its port (80 when it names none); any other URI leads the customer's browser
/// elsewhere, and the redirect URL is pasted back (docs/SMARTCAR.md §3.3). Plain `http` anywhere
/// else is refused: Smartcar accepts it for localhost only.
public struct RedirectURI: Sendable, Equatable {
    public let url: URL

    /// Reads `text`, with its port replaced by `port` when given (`--port`).
    public init(_ text: String, port: UInt16? = nil) throws {
        guard var components = URLComponents(string: text), components.scheme != nil, components.host != nil,
            let parsed = components.url
        else {
            throw CarportError(
                .configuration, "SMARTCAR_REDIRECT_URI `\(text)` is not a URL like http://localhost:8000/callback.")
        }
        guard Self.isCaughtLocally(parsed) || parsed.scheme?.lowercased() != "http" else {
            throw CarportError(
                .configuration,
                "SMARTCAR_REDIRECT_URI `\(text)`: Smartcar accepts plain http only for localhost. Use "
                    + "http://localhost:PORT/callback, or an https URL on a site you control.")
        }
        guard let port else {
            url = parsed
            return
        }
        components.port = Int(port)
        url = components.url ?? parsed
    }

    /// Whether the catcher on this machine's loopback receives the browser's redirect.
    public var isCaughtLocally: Bool { Self.isCaughtLocally(url) }

    /// The port the catcher listens on; nil when the redirect is not caught here.
    public var catcherPort: UInt16? { isCaughtLocally ? UInt16(url.port ?? 80) : nil }

    public static func isCaughtLocally(_ url: URL) -> Bool {
        url.scheme?.lowercased() == "http"
            && ["localhost", "127.0.0.1", "::1", "[::1]"].contains(url.host?.lowercased() ?? "")
    }
}
