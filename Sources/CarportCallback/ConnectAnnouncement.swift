import CarportCore
import Foundation

/// What a terminal shows when a Connect session starts. The Connect URL goes alone on its own
/// line of stdout (a script can pick it up); the guidance goes to stderr, with an OSC 8 link and
/// an OSC 52 clipboard copy only when stderr is a terminal.
public struct ConnectAnnouncement: Sendable, Equatable {
    public var stdoutLine: String
    public var stderrText: String

    public init(
        addresses: ConnectSession.Addresses, sshCommand: String?, timeout: Duration,
        stderrIsTerminal: Bool
    ) {
        let url = addresses.connectURL.absoluteString
        stdoutLine = url
        var lines: [String] = []
        if addresses.hostedPage {
            let shown = stderrIsTerminal ? Self.hyperlink(url, text: "the Connect URL above") : "the Connect URL above"
            lines.append("Send the customer \(shown).")
            lines.append(HostedPageGuide.customerSees(page: addresses.redirectURI))
        } else if let short = addresses.shortURL?.absoluteString {
            let shown = stderrIsTerminal ? Self.hyperlink(short, text: short) : short
            lines.append("Open \(shown) in the customer's browser, or send them the Connect URL above.")
        } else {
            let shown = stderrIsTerminal ? Self.hyperlink(url, text: "the Connect URL above") : "the Connect URL above"
            lines.append(
                "Open \(shown) in the customer's browser. The redirect URI \(addresses.redirectURI) is not on "
                    + "this machine, so paste the address the browser ends on.")
        }
        if stderrIsTerminal {
            lines.append(OSC52.sequence(copying: url) + "(The Connect URL was offered to your terminal's clipboard.)")
        }
        if let sshCommand, let port = addresses.port {
            lines.append("You are on SSH: for a browser on your laptop to reach port \(port) here, run there first:")
            lines.append("    \(sshCommand)")
        }
        lines.append(
            addresses.hostedPage
                ? HostedPageGuide.askFor("paste it here and press Enter")
                : "Or paste the address the browser ended on (or its ?code=… part) here and press Enter.")
        lines.append("Waiting up to \(Self.describe(timeout))…")
        stderrText = lines.joined(separator: "\n") + "\n"
    }

    /// `10 minutes`, `90 seconds`.
    static func describe(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds >= 60, seconds % 60 == 0 { return seconds == 60 ? "1 minute" : "\(seconds / 60) minutes" }
        return seconds == 1 ? "1 second" : "\(seconds) seconds"
    }

    /// OSC 8: `text` that opens `url` when clicked.
    static func hyperlink(_ url: String, text: String) -> String {
        "\u{1B}]8;;\(url)\u{1B}\\\(text)\u{1B}]8;;\u{1B}\\"
    }
}
