import CarportCore
import Foundation

extension Renderer {
    static let spinner: [Character] = ["◐", "◓", "◑", "◒"]

    mutating func drawConnect(_ connect: ConnectScreen) {
        switch connect.purpose {
        case .newConnection: drawTitle("Connect a new vehicle")
        case .reauthorize(_, let customer): drawTitle("Re-authenticate \(customer)")
        case .reauthenticateVehicle(_, let customer, _): drawTitle("Re-authenticate a vehicle of \(customer)")
        }
        var lines: [Line] = []
        let elapsed = Int(state.now.timeIntervalSince(connect.startedAt))
        switch connect.phase {
        case .naming(let text):
            lines += formLines(connect, customer: text)
        case .checking:
            lines.append(Line("VIN", connect.vin))
            lines.append(
                Line("", "\(Self.spinner[elapsed % 4]) Asking Smartcar whether this vehicle is compatible…", .accent))
        case .reviewing(let report):
            lines += reviewLines(report, choices: connect.choices)
        case .starting:
            lines += choiceLines(connect.choices)
            lines.append(Line("", "\(Self.spinner[elapsed % 4]) Starting the Connect session…", .accent))
        case .waiting, .exchanging:
            lines += urlLines(connect)
            if connect.phase == .exchanging {
                lines.append(
                    Line(
                        "", "\(Self.spinner[elapsed % 4]) Approved: exchanging the code and reading the vehicles…",
                        .accent))
            } else {
                let clock = String(format: "%d:%02d", elapsed / 60, elapsed % 60)
                lines.append(
                    Line("", "\(Self.spinner[elapsed % 4]) Waiting for the customer to approve… \(clock)", .accent))
            }
        case .linked(let outcome):
            let vehicles = "\(outcome.vehicleCount) vehicle\(outcome.vehicleCount == 1 ? "" : "s")"
            lines.append(
                Line("", "✓ Linked \(vehicles) for \(outcome.customer) (connection \(outcome.connectionId)).", .healthy)
            )
            for move in outcome.moves {
                lines.append(
                    Line("", "Moved \(move.vehicleId) from \(move.fromCustomer) (\(move.fromConnectionId)).", .expiring)
                )
            }
            for note in outcome.notes { lines.append(Line("", note, .expiring)) }
            lines.append(Line("", "Press Esc to go back to the list.", .dim))
        case .failed(let error):
            lines.append(Line("", "✗ Connect failed: \(error.message)", .error))
            if let tell = error.details?.suggestedUserMessage { lines.append(Line("", "Tell the customer: \(tell)")) }
            lines.append(Line("", "Press Esc to go back, then try again.", .dim))
        }
        if let notice = connect.notice { lines.append(Line("", notice, .error)) }
        if connect.phase == .waiting { lines += pasteLines(connect.paste, hosted: connect.urls?.hostedPage != nil) }
        buffer.box(
            x: 0, y: 1, width: width, height: height - 3,
            title: connect.purpose.customer.isEmpty ? "Connect" : connect.purpose.customer)
        drawLines(lines, top: 2, bottom: height - 4, inset: 1)
    }

    /// While waiting: the paste box, or how to open it.
    private func pasteLines(_ paste: String?, hosted: Bool) -> [Line] {
        let what =
            hosted ? "the text the customer sent (\(HostedPageGuide.copiedText))" : "the URL the browser ended on"
        guard let paste else {
            return [
                Line(
                    "",
                    hosted
                        ? "Press p and paste \(what)."
                        : "If the browser cannot reach this machine, press p and paste \(what).",
                    .dim)
            ]
        }
        return [
            Line("Paste box", paste + "▏", .input),
            Line("", "Paste \(what); Enter checks it, Esc closes the box.", .dim),
        ]
    }

    private func urlLines(_ connect: ConnectScreen) -> [Line] {
        guard let urls = connect.urls else { return [Line("", "Preparing the URLs…", .dim)] }
        var lines: [Line] = []
        if urls.hostedPage == nil {
            lines.append(Line("", "Send the customer to this URL (y copies the full one):"))
            lines.append(Line("Short URL", urls.short, .accent))
        } else {
            lines.append(Line("", "Send the customer this Connect URL (y copies it):"))
        }
        lines.append(besideCode ? Line("Full URL", "in the QR code", .dim) : Line("Full URL", urls.full))
        if let line = codeLine(connect) { lines.append(line) }
        if let page = urls.hostedPage {
            lines.append(Line("Customer sees", HostedPageGuide.customerSees(page: page)))
            lines.append(Line("Then", HostedPageGuide.askFor("press p and paste it"), .key))
        }
        if let hint = urls.sshHint { lines.append(Line("Over SSH", hint, .key)) }
        return lines
    }
}
