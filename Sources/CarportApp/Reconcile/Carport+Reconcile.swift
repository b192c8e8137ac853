import CarportCore
import CarportStore
import Foundation
import SmartcarKit

/// `carport reconcile`: the store against Smartcar's own list of this application's connections
/// (docs/SMARTCAR.md §5.8).
extension Carport {
    /// Smartcar's lists of this application's connections, one per kind asked (default: every
    /// configured kind): classic through the Management API, v3 through `GET /v3/connections`.
    public func managementAPIs(_ kinds: [ApplicationKind]? = nil) throws -> [(ApplicationKind, any ManagementAPI)] {
        try (kinds ?? configuration.applicationKinds).map { kind in
            switch kind {
            case .classic: return (kind, try managementAPI())
            case .v3:
                let (api, tokens) = try v3()
                return (kind, LiveV3ManagementClient(client: api, tokens: tokens))
            }
        }
    }

    /// Smartcar's list of a classic application's connections, through the application management
    /// token (a token file must be private).
    public func managementAPI() throws -> any ManagementAPI {
        // Read here, not with the configuration: only `reconcile` needs it (a bad file stops nothing else).
        let token =
            try configuration.managementTokenFile.map { file in
                try StoreFiles.refuseExposed(file)
                return try Configuration.readSecret(
                    at: file, what: "management token", readFile: Configuration.readIfPresent)
            } ?? configuration.requireManagementToken()
        return LiveManagementClient(client: try smartcar(), origin: configuration.managementOrigin, token: token)
    }

    /// Compares the store's connections of `kind` (streamed, held as ids) with every page of
    /// Smartcar's list for that kind, then marks each connection Smartcar no longer lists for any
    /// of its vehicles as needing re-authentication, audited. A connection refreshed, re-authorised
    /// or connected again since the store was read is left alone.
    public func reconcile(
        using api: any ManagementAPI, kind: ApplicationKind = .classic, policy: HealthPolicy = .standard
    ) async throws -> ReconcileReport {
        let started = clock.now()
        var comparison = Reconciliation(now: started, policy: policy, gaps: try await store.linkGaps())
        try await store.forEachStoredLink { comparison.hold($0, ofKind: $0.connection.kind == kind) }
        var cursor: String?
        var seen = Set<String>()
        repeat {
            let page = try await api.connections(after: cursor)
            for row in page.connections { comparison.compare(row) }
            if let next = page.cursor, !seen.insert(next).inserted {
                throw CarportError(
                    .transient,
                    "Smartcar's Management API returned a page cursor it had returned before; try again later.")
            }
            cursor = page.cursor
        } while cursor != nil
        if kind == .v3 { try await confirm(comparison.listedConnections(), at: started) }
        var report = try await describe(comparison, kind: kind, at: started)
        let whole = Set(report.gone.filter { $0.outcome == .markedNeedsReauth }.compactMap(\.connectionId))
        for id in whole.sorted() {
            let reason = "Smartcar no longer lists this connection (carport reconcile, \(Format.utc(started)))."
            let marked = try await store.markNeedsReauth(
                connectionId: id, reason: reason, issuedBefore: started,
                audit: audit("reconcile", connectionId: id, outcome: "needs-reauth", detail: reason))
            if !marked {
                for other in report.gone.indices where report.gone[other].connectionId == id {
                    report.gone[other].outcome = .changedSince
                }
            }
        }
        return report
    }

    /// Smartcar still has these v3 connections: what their health shows (docs/SMARTCAR.md §10). One
    /// marked as gone before is back: its re-auth reason is cleared, audited.
    private func confirm(_ listed: (all: Set<String>, marked: Set<String>), at date: Date) async throws {
        try await store.confirmApplicationLinks(listed.all.subtracting(listed.marked).sorted(), at: date, audit: nil)
        for id in listed.marked.sorted() {
            try await store.confirmApplicationLinks(
                [id], at: date,
                audit: audit(
                    "reconcile", connectionId: id, outcome: "listed-again",
                    detail: "Smartcar lists this v3 connection again; it no longer needs re-authentication."))
        }
    }

    /// The findings with the stored customers and vehicles, read in one more pass over the store.
    private func describe(_ comparison: Reconciliation, kind: ApplicationKind, at now: Date) async throws
        -> ReconcileReport
    {
        let gone = comparison.gone()
        var wanted = Set(gone.values.flatMap(\.vehicleIds) + comparison.mismatches.map(\.vehicleId))
        wanted.formUnion(comparison.orphans.map(\.vehicleId))
        var found: [String: (ConnectionSummary, String, Vehicle)] = [:]
        try await store.forEachStoredLink { link in
            if link.connection.kind == kind, let vehicle = link.vehicle, wanted.contains(vehicle.id) {
                found[vehicle.id] = (link.connection, link.smartcarUserId, vehicle)
            }
        }
        let orphans = comparison.orphans.map { row in
            // A stored connection that needs re-authentication may still hold the vehicle.
            let holder = found[row.vehicleId].flatMap { $0.1 == row.userId ? $0 : nil }
            return ReconcileItem(row, connection: holder?.0, vehicle: holder?.2)
        }
        let mismatches = comparison.mismatches.map { row in
            ReconcileItem(row, connection: found[row.vehicleId]?.0, vehicle: found[row.vehicleId]?.2)
        }
        var goneItems: [ReconcileItem] = []
        for (connectionId, lost) in gone.sorted(by: { $0.key < $1.key }) {
            for vehicleId in lost.vehicleIds {
                guard let (connection, userId, vehicle) = found[vehicleId] else { continue }
                var item = ReconcileItem(
                    ManagedConnection(vehicleId: vehicleId, userId: userId), connection: connection, vehicle: vehicle)
                item.outcome = lost.whole ? .markedNeedsReauth : .vehicleOnly
                item.connectionId = connectionId
                goneItems.append(item)
            }
        }
        var report = ReconcileReport(
            checkedAt: now, smartcarConnections: comparison.listed, storedVehicles: comparison.compared,
            orphans: orphans, gone: goneItems, mismatches: mismatches,
            removals: comparison.orphans.map(comparison.removal(of:)))
        report.setKind(kind)
        return report
    }

    /// Ends each orphan at Smartcar that can be ended without touching a vehicle a stored pair
    /// reaches, one audited delete per vehicle (or per user), and sets every orphan's outcome. The
    /// store is read again first: a pair stored since the report (the customer reconnected,
    /// another operator linked them) keeps its vehicle and user from any delete.
    /// Each orphan goes to the list of its kind (`apis`); one whose kind has no list is kept.
    public func disconnectOrphans(_ report: ReconcileReport, using apis: [(ApplicationKind, any ManagementAPI)])
        async throws -> ReconcileReport
    {
        var report = report
        var reachedNow = Set<String>()
        try await store.forEachStoredLink { link in
            // A dead pair reaches nothing; a v3 connection has no secret to lose, so it always counts.
            guard link.connection.kind == .v3 || link.connection.state.reauthReason == nil else { return }
            reachedNow.insert("user \(link.smartcarUserId)")
            if let vehicle = link.vehicle { reachedNow.insert("vehicle \(vehicle.id)") }
        }
        for index in report.orphans.indices where report.orphans[index].outcome == nil {
            let orphan = report.orphans[index]
            guard let selector = report.removals[index],
                let api = apis.first(where: { $0.0.rawValue == orphan.kind })?.1,
                !reachedNow.contains("vehicle \(orphan.vehicleId)"), !reachedNow.contains("user \(orphan.userId)")
            else {
                report.orphans[index].outcome = .kept
                continue
            }
            do {
                let removed = try await api.deleteConnections(selector)
                let keys = Set(removed.map { "\($0.vehicleId) \($0.userId)" })
                for other in report.orphans.indices
                where keys.contains("\(report.orphans[other].vehicleId) \(report.orphans[other].userId)") {
                    report.orphans[other].outcome = .removed
                }
                if report.orphans[index].outcome == nil { report.orphans[index].outcome = .failed }
                try await store.recordAudit(
                    audit(
                        "reconcile", vehicleId: orphan.vehicleId, outcome: "removed-at-smartcar",
                        detail: Self.removalDetail(selector, removed: removed.count, kind: orphan.kind)))
            } catch let error as CarportError {
                report.orphans[index].outcome = .failed
                try await store.recordAudit(
                    audit("reconcile", vehicleId: orphan.vehicleId, outcome: error.kind.rawValue, detail: error.message)
                )
            }
        }
        return report
    }

    private static func removalDetail(_ selector: ManagedConnectionSelector, removed: Int, kind: String) -> String {
        let api = kind == ApplicationKind.v3.rawValue ? "v3 connections API" : "Management API"
        return switch selector {
        case .vehicle(let id): "Removed \(removed) orphaned connection(s) of vehicle \(id) at Smartcar (\(api))."
        case .user(let id): "Removed \(removed) orphaned connection(s) of Smartcar user \(id) at Smartcar (\(api))."
        }
    }
}
