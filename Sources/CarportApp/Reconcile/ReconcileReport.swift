import CarportCore
import Foundation

/// What `carport reconcile` found and did (docs/JSON.md, `carport reconcile --json`).
public struct ReconcileReport: Sendable {
    /// When the store was read; the Smartcar list was read after it.
    public var checkedAt: Date
    /// How many connections Smartcar listed, and how many stored vehicles were compared.
    public var smartcarConnections: Int
    public var storedVehicles: Int
    /// Connected at Smartcar, reached by no stored pair: the tokens are lost.
    public var orphans: [ReconcileItem]
    /// Stored, but Smartcar no longer lists them.
    public var gone: [ReconcileItem]
    /// Reached, but Smartcar's mode is not the stored one.
    public var mismatches: [ReconcileItem]
    /// How each orphan can be ended at Smartcar without touching a vehicle a stored pair reaches
    /// (nil: not safely), in the order of `orphans`.
    var removals: [ManagedConnectionSelector?]

    /// The orphans `disconnectOrphans` would remove (the rest are kept), in the order of `orphans`.
    public var removable: [ReconcileItem] { zip(orphans, removals).filter { $0.1 != nil }.map(\.0) }

    /// Tags every finding with the kind of application whose list it came from.
    mutating func setKind(_ kind: ApplicationKind) {
        for index in orphans.indices { orphans[index].kind = kind.rawValue }
        for index in gone.indices { gone[index].kind = kind.rawValue }
        for index in mismatches.indices { mismatches[index].kind = kind.rawValue }
    }

    /// The reports of each kind's list as one: counts added, findings one after the other.
    public static func merged(_ reports: [ReconcileReport]) -> ReconcileReport {
        var all = ReconcileReport(
            checkedAt: reports.map(\.checkedAt).min() ?? Date(), smartcarConnections: 0, storedVehicles: 0,
            orphans: [], gone: [], mismatches: [], removals: [])
        for report in reports {
            all.smartcarConnections += report.smartcarConnections
            all.storedVehicles += report.storedVehicles
            all.orphans += report.orphans
            all.gone += report.gone
            all.mismatches += report.mismatches
            all.removals += report.removals
        }
        return all
    }

    /// 4 when a stored connection is gone at Smartcar, 3 when orphans or mode mismatches were found, else 0.
    public var exitCode: Int32 {
        if !gone.isEmpty { return 4 }
        return orphans.isEmpty && mismatches.isEmpty ? 0 : 3
    }
}

/// One finding: a Smartcar connection (vehicle and user) and what the store knows of it.
public struct ReconcileItem: Sendable, Encodable {
    public enum Outcome: String, Sendable, Encodable {
        /// Gone: the connection lost every vehicle at Smartcar and is now marked as needing re-auth.
        case markedNeedsReauth = "marked-needs-reauth"
        /// Gone: not marked, as its pair was refreshed or re-authorised after the store was read.
        case changedSince = "changed-since"
        /// Gone: the connection still reaches its other vehicles, so it was not marked.
        case vehicleOnly = "vehicle-only"
        /// Orphan: removed at Smartcar (`--disconnect-orphans`).
        case removed
        /// Orphan: not removed, as the Management API's delete would also end a vehicle a stored pair reaches.
        case kept
        /// Orphan: Smartcar refused the removal or did not answer.
        case failed
    }

    public var vehicleId: String
    public var userId: String
    /// `classic` or `v3`: the application list the finding came from.
    public var kind = ApplicationKind.classic.rawValue
    @NullEncoded public var connectionId: String?
    @NullEncoded public var customer: String?
    @NullEncoded public var make: String?
    @NullEncoded public var model: String?
    @NullEncoded public var year: Int?
    @NullEncoded public var vin: String?
    @NullEncoded public var storedMode: String?
    @NullEncoded public var smartcarMode: String?
    @NullEncoded public var connectedAt: Date?
    @NullEncoded public var outcome: Outcome?

    /// From Smartcar's row, with the stored connection and vehicle when the store has them.
    init(_ row: ManagedConnection, connection: ConnectionSummary?, vehicle: Vehicle?) {
        vehicleId = row.vehicleId
        userId = row.userId
        connectionId = connection?.id
        customer = connection?.customer
        make = vehicle?.make
        model = vehicle?.model
        year = vehicle.flatMap { $0.year == Vehicle.unknownYear ? nil : $0.year }
        vin = vehicle?.vin
        storedMode = connection?.mode.rawValue
        smartcarMode = row.mode
        connectedAt = row.connectedAt
    }
}
