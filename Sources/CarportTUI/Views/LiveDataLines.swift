import CarportCore
import Foundation

/// The detail page's live-data lines.
enum LiveDataLines {
    static func lines(_ data: LiveData, now: Date) -> [Renderer.Line] {
        var lines: [Renderer.Line] = []
        func add<T>(_ label: String, _ reading: Reading<T>?, _ text: (T) -> String) {
            guard let reading else { return }
            lines.append(Renderer.Line(label, "\(text(reading.value)) · \(Format.age(reading.meta.dataAge, now: now))"))
        }
        add("Odometer", data.odometer) { "\(Format.count(Int($0.distanceKm.rounded()))) km" }
        add("Location", data.location) { String(format: "%.5f, %.5f", $0.latitude, $0.longitude) }
        add("Battery", data.battery) { "\(Int(($0.percentRemaining * 100).rounded()))% · \(Int($0.rangeKm.rounded())) km range" }
        add("Fuel", data.fuel) { fuel in
            [fuel.percentRemaining.map { "\(Int(($0 * 100).rounded()))%" },
             fuel.rangeKm.map { "\(Int($0.rounded())) km range" },
             fuel.amountLiters.map { String(format: "%.1f l", $0) }].compactMap { $0 }.joined(separator: " · ")
        }
        add("Locks", data.lockStatus) { status in
            let open = (status.doors + status.windows + status.sunroof + status.storage + status.chargingPort)
                .filter { $0.status != "CLOSED" && $0.status != "LOCKED" }
                .map { "\($0.type.lowercased()) \($0.status.lowercased())" }
            return (status.isLocked ? "locked" : "UNLOCKED") + (open.isEmpty ? "" : " · " + open.joined(separator: ", "))
        }
        for problem in data.problems { lines.append(Renderer.Line("", problem.description, .dim)) }
        return lines
    }
}
