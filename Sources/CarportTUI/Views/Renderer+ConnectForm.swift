import CarportCore
import Foundation

/// The new-connection form and the compatibility review (docs/SMARTCAR.md §5.9).
extension Renderer {
    func formLines(_ connect: ConnectScreen, customer: String) -> [Line] {
        let field = { (name: String, text: String, which: FormField) in
            Line(name, text + (connect.field == which ? "▏" : ""), connect.field == which ? .input : .normal)
        }
        var lines = [
            field("Customer", customer, .customer),
            field("VIN", connect.vin, .vin),
            field("Country", connect.country, .country),
            field("Flags", connect.flags, .flags),
        ]
        if connect.fields.contains(.kind) {
            let other = connect.kind == .v3 ? "classic" : "v3"
            lines.append(field("Kind", "\(connect.kind.rawValue) (Space: \(other))", .kind))
        }
        return lines + [
            Line(
                "",
                "Who owns the vehicle? The VIN is optional: with one, Smartcar's compatibility check runs first. "
                    + "The country (e.g. DE) picks Connect's brands; empty lets Connect choose. Flags: other "
                    + "Connect flags as name:value, space-separated. "
                    + (connect.fields.contains(.kind) ? "Kind: a classic link (token pair) or a v3 one. " : "")
                    + "Tab moves between the fields; Enter goes on; Esc goes back.", .dim)
        ]
    }

    func reviewLines(_ report: CompatibilityReport, choices: ConnectChoices) -> [Line] {
        var lines = [
            Line("VIN", "\(report.query.vin) (\(report.query.country))"),
            Line("Verdict", report.sentence, .compatibility(report.verdict)),
        ]
        lines += permissionLines(report)
        lines += choiceLines(choices)
        let go = report.verdict == .notCompatible ? "Enter connects anyway" : "Enter connects"
        lines.append(Line("", "\(go) · d drops the not-capable · v single-select on/off · Esc back", .key))
        lines.append(Line("", CompatibilityReport.caveat, .dim))
        return lines
    }

    /// The plainly capable permissions on one line; each other one on its own, with its reason.
    private func permissionLines(_ report: CompatibilityReport) -> [Line] {
        let plain = report.rows.filter { $0.capable == true && $0.reason == nil }.map(\.permission)
        var lines = plain.isEmpty ? [] : [Line("Capable", plain.joined(separator: " "), .healthy)]
        for row in report.rows where row.capable != true || row.reason != nil {
            let (label, role): (String, Role) =
                switch row.capable {
                case true?: ("Partly", .expiring)
                case false?: ("Not capable", .error)
                case nil: ("Unknown", .dim)
                }
            lines.append(Line(label, "\(row.permission): \(row.words)", role))
        }
        return lines
    }

    /// What the request carries beyond the configuration, when the operator changed it.
    func choiceLines(_ choices: ConnectChoices) -> [Line] {
        var lines: [Line] = []
        if let scopes = choices.scopes { lines.append(Line("Requesting", scopes.joined(separator: " "), .accent)) }
        if let vin = choices.singleSelectVIN {
            lines.append(Line("Single-select", "Connect offers only \(vin)", .accent))
        }
        if let country = choices.country { lines.append(Line("Country", "\(country) (Connect's brand list)", .accent)) }
        if !choices.flags.isEmpty { lines.append(Line("Flags", choices.flags.joined(separator: " "), .accent)) }
        return lines
    }
}
