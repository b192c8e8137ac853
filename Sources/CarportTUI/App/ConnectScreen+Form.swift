import CarportCore
import Foundation

/// The new-connection form: the customer label, an optional VIN and an optional country. With a
/// VIN, Smartcar's compatibility check runs before any link is made (docs/SMARTCAR.md §5.9), and
/// its review lets the operator drop the permissions the vehicle is not capable of and offer only
/// that vehicle. The country picks Connect's brand list (`ConnectFlags`).
extension ConnectScreen {
    mutating func editForm(_ key: Key, customer: String) -> [Effect] {
        var text = customer
        switch (key, field) {
        case (.tab, _), (.down, _): field = step(1)
        case (.up, _): field = step(-1)
        case (.char(" "), .kind), (.left, .kind), (.right, .kind):
            choices.kind = kind == .v3 ? .classic : .v3
        case (.char(let c), .vin): vin += c.uppercased()
        case (.char(let c), .country): if country.count < 2 { country += c.uppercased() }
        case (.char(let c), .flags): flags.append(c)
        case (.char(let c), .customer): text.append(c)
        case (.backspace, .vin): if !vin.isEmpty { vin.removeLast() }
        case (.backspace, .country): if !country.isEmpty { country.removeLast() }
        case (.backspace, .flags): if !flags.isEmpty { flags.removeLast() }
        case (.backspace, .customer): if !text.isEmpty { text.removeLast() }
        case (.escape, _): return [.reload]
        case (.enter, _): return submitForm(text)
        default: break
        }
        phase = .naming(text)
        return []
    }

    /// The fields on screen: the kind only when both kinds are configured.
    var fields: [FormField] { FormField.allCases.filter { $0 != .kind || kinds.count > 1 } }

    /// The kind the link gets: the one chosen, else the default for what is configured.
    public var kind: ApplicationKind { choices.kind ?? .connectDefault(configured: kinds) }

    private func step(_ offset: Int) -> FormField {
        let all = fields
        return all[((all.firstIndex(of: field) ?? 0) + offset + all.count) % all.count]
    }

    private mutating func submitForm(_ text: String) -> [Effect] {
        let customer = text.trimmingCharacters(in: .whitespaces)
        guard !customer.isEmpty else {
            notice = "Type a customer label first (who owns the vehicle)."
            field = .customer
            phase = .naming(text)
            return []
        }
        let others = flags.split(separator: " ").map(String.init)
        do {
            choices.country = country.isEmpty ? nil : try ConnectFlags.countryCode(country)
        } catch {
            notice = "\((error as? CarportError)?.message ?? "\(error)") Clear it to let Connect choose."
            field = .country
            phase = .naming(text)
            return []
        }
        do {
            _ = try ConnectFlags.parse(country: choices.country, others: others)
            choices.flags = others
        } catch {
            notice = (error as? CarportError)?.message ?? "\(error)"
            field = .flags
            phase = .naming(text)
            return []
        }
        purpose = .newConnection(customer: customer)
        notice = nil
        let typed = vin.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else {
            phase = .starting
            return [.startConnect(purpose, choices)]
        }
        if let problem = VINFormat.problem(typed) {
            notice = "That VIN will not do: \(problem). Correct it, or clear it to connect without a check."
            field = .vin
            phase = .naming(text)
            return []
        }
        phase = .checking
        return [.checkCompatibility(vin: typed)]
    }

    /// The review's keys: `d` drops every permission the vehicle is not capable of, `v` turns
    /// single-select with the VIN on or off, Enter starts Connect, Esc goes back to the form.
    mutating func review(_ key: Key, _ report: CompatibilityReport) -> [Effect] {
        let requested = choices.scopes ?? report.query.permissions
        switch key {
        case .char("d"):
            let dropped = report.notCapable.filter(requested.contains)
            guard !dropped.isEmpty else {
                notice = "Nothing to drop: no permission in the request is known to be out of reach."
                return []
            }
            choices.scopes = requested.filter { !dropped.contains($0) }
            notice = "Dropped \(dropped.joined(separator: ", ")) from the request."
        case .char("v"):
            choices.singleSelectVIN = choices.singleSelectVIN == nil ? report.query.vin : nil
        case .enter:
            phase = .starting
            notice = nil
            return [.startConnect(purpose, choices)]
        case .escape:
            phase = .naming(purpose.customer)
            choices = ConnectChoices(country: choices.country, flags: choices.flags)
            notice = nil
        default: break
        }
        return []
    }

    /// The check's answer: the review, with single-select on the VIN; or back to the form. An
    /// answer about another VIN (a check the operator left and replaced) is ignored.
    mutating func reviewCheck(_ result: Result<CompatibilityReport, CarportError>) {
        switch result {
        case .success(let report) where report.query.vin != vin.trimmingCharacters(in: .whitespaces):
            break
        case .success(let report):
            choices = ConnectChoices(singleSelectVIN: report.query.vin, country: choices.country, flags: choices.flags)
            phase = .reviewing(report)
        case .failure(let error):
            phase = .naming(purpose.customer)
            notice = "The compatibility check failed: \(error.message) Clear the VIN to connect without it."
        }
    }
}
