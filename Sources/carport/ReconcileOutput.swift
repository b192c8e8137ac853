import CarportApp
import CarportCore
import CarportTUI
import Foundation

/// `carport reconcile`'s report: counts, the first items of each finding with what to do, and
/// the `--json` document (docs/JSON.md), streamed.
enum ReconcileOutput {
    /// How many items of each finding the text report names.
    static let shown = 10

    static func summary(_ report: ReconcileReport) {
        Console.print(
            "Smartcar lists \(Format.count(report.smartcarConnections)) connection(s); the store holds \(Format.count(report.storedVehicles)) vehicle(s) (\(Format.utc(report.checkedAt)))."
        )
        section(
            report.orphans, title: "Orphans at Smartcar (connected, reached by no stored connection)", role: .critical,
            advice: "Carport cannot reach them (a classic app's tokens are lost): the customer must reconnect "
                + "(`carport connect`) and the vehicle may still be billed. `carport reconcile --disconnect-orphans` "
                + "removes them at Smartcar.")
        section(
            report.gone, title: "Gone at Smartcar (stored, no longer listed)", role: .reauth,
            advice: "Each connection that lost every vehicle is marked as needing re-authentication: the "
                + "customer must reconnect (`carport reauth CONNECTION`).")
        section(
            report.mismatches, title: "Mode mismatches (stored mode differs from Smartcar's)", role: .keepAlive,
            advice: "Check which mode the customer connected in; reconnect in the right one (`carport reauth "
                + "CONNECTION`).")
        if report.exitCode == 0 { Console.print("The store and Smartcar agree.") }
    }

    private static func section(_ items: [ReconcileItem], title: String, role: Role, advice: String) {
        guard !items.isEmpty else { return }
        Console.print("")
        Console.print("\(title, role: role): \(Format.count(items.count))")
        for item in items.prefix(shown) { Console.print("  " + line(item)) }
        if items.count > shown {
            Console.print(
                "  … and \(Format.count(items.count - shown)) more (`carport reconcile --json` lists every one).")
        }
        Console.print("\(advice)")
    }

    static func line(_ item: ReconcileItem) -> StyledText {
        var text: StyledText =
            if let customer = item.customer, let connection = item.connectionId {
                "[\(item.kind)] \(customer) (\(connection)): "
            } else {
                "[\(item.kind)] Smartcar user \(item.userId): "
            }
        if let make = item.make, let model = item.model {
            let vin = item.vin.map { " …\(String($0.suffix(6)))" } ?? ""
            text = text + "\(make) \(model) \(item.year.map(String.init) ?? "?")\(vin) (\(item.vehicleId))"
        } else {
            text = text + "vehicle \(item.vehicleId)"
        }
        if let mode = item.smartcarMode, item.storedMode != nil, mode != item.storedMode {
            text = text + ", stored \(item.storedMode ?? "") but \(mode) at Smartcar"
        } else if let mode = item.smartcarMode {
            text = text + ", \(mode)"
        }
        if let at = item.connectedAt { text = text + ", connected \(Format.utc(at))" }
        if let outcome = item.outcome { text = text + ": \(words(outcome))" }
        return text
    }

    static func words(_ outcome: ReconcileItem.Outcome) -> String {
        switch outcome {
        case .markedNeedsReauth: "marked as needing re-auth"
        case .changedSince: "not marked: refreshed or re-authorised since the store was read; run reconcile again"
        case .vehicleOnly:
            "this vehicle only; the connection still reaches its others (`carport reauth` links it again)"
        case .removed: "removed at Smartcar"
        case .kept: "kept: removing it would also end a vehicle a stored pair reaches"
        case .failed: "not removed: Smartcar refused or did not answer (see `carport audit`)"
        }
    }

    static func removals(_ report: ReconcileReport) {
        Console.print("")
        for item in report.orphans.prefix(shown) { Console.print("  " + line(item)) }
        let removed = report.orphans.filter { $0.outcome == .removed }.count
        Console.print(
            "Removed \(Format.count(removed)) of \(Format.count(report.orphans.count)) orphan(s) at Smartcar.")
    }

    static func json(_ report: ReconcileReport) throws {
        var stream = JSONStream.standardOutput()
        stream.beginObject()
        stream.key("checkedAt")
        stream.date(report.checkedAt)
        stream.key("exitCode")
        stream.int(Int(report.exitCode))
        for (key, items) in [("gone", report.gone), ("modeMismatches", report.mismatches), ("orphans", report.orphans)]
        {
            stream.key(key)
            stream.beginArray()
            for item in items { try stream.encode(item) }
            stream.endArray()
        }
        stream.key("smartcarConnections")
        stream.int(report.smartcarConnections)
        stream.key("storedVehicles")
        stream.int(report.storedVehicles)
        stream.endObject()
        stream.finish()
    }
}
