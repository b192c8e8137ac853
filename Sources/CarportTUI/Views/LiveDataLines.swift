import CarportCore
import Foundation

/// The detail page's live-data lines.
enum LiveDataLines {
    /// `granted`: the scopes stored at Connect, which the live permissions are compared with.
    static func lines(_ data: LiveData, granted: [String], now: Date) -> [Renderer.Line] {
        var lines: [Renderer.Line] = []
        func add<T>(_ label: String, _ reading: Reading<T>?, _ text: (T) -> String) {
            guard let reading else { return }
            lines.append(
                Renderer.Line(
                    label,
                    "\(text(reading.value)) · \(Format.age(reading.meta.dataAge, fetchedAt: reading.meta.fetchedAt, now: now))"
                ))
        }
        add("Odometer", data.odometer) { "\(Format.count(Int($0.distanceKm.rounded()))) km" }
        add("Location", data.location) { String(format: "%.5f, %.5f", $0.latitude, $0.longitude) }
        add("Battery", data.battery) {
            "\(Int(($0.percentRemaining * 100).rounded()))%"
                + ($0.rangeKm.map { " · \(Int($0.rounded())) km range" } ?? "")
        }
        add("Fuel", data.fuel) { fuel in
            [
                fuel.percentRemaining.map { "\(Int(($0 * 100).rounded()))%" },
                fuel.rangeKm.map { "\(Int($0.rounded())) km range" },
                fuel.amountLiters.map { String(format: "%.1f l", $0) },
            ].compactMap { $0 }.joined(separator: " · ")
        }
        add("Locks", data.lockStatus) { status in
            let open = status.openParts.map { "\(words($0.type)) \($0.status.lowercased())" }
            return (status.isLocked ? "locked" : "UNLOCKED")
                + (open.isEmpty ? "" : " · " + open.joined(separator: ", "))
        }
        let known = data.unsupported.filter { data.problem($0) == nil }.sorted()
        if !known.isEmpty {
            lines.append(Renderer.Line("Not capable", known.joined(separator: ", ") + " (not asked again)", .dim))
        }
        if let access = data.accessNow(granted: granted) {
            let withdrawn = !data.withdrawnPermissions(granted: granted).isEmpty
            lines.append(Renderer.Line("Access now", access, withdrawn ? .failing : .normal))
        }
        for problem in data.problems { lines.append(Renderer.Line("", problem.description, .dim)) }
        return lines
    }

    /// Smartcar's camel-case part names as words: `chargingPort` → `charging port`.
    static func words(_ name: String) -> String {
        name.reduce(into: "") { text, c in
            text += c.isUppercase && !text.isEmpty ? " " + c.lowercased() : c.lowercased()
        }
    }
}
