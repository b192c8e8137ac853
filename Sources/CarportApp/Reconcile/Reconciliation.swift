import CarportCore
import Foundation

/// The comparison behind `carport reconcile`: the store's vehicles, held as ids only, against
/// Smartcar's list of connections, read a page at a time (docs/SMARTCAR.md §5.8). A stored pair
/// reaches a vehicle when its connection does not need re-authentication and holds that vehicle for
/// the same Smartcar user (any user while `/user` is unread).
struct Reconciliation {
    /// A stored vehicle, as little of it as the comparison needs.
    struct Held {
        var connectionId: String
        /// Nil while the connection's `/user` is unread.
        var userId: String?
        var mode: ConnectMode
        /// False when the connection needs re-authentication: its pair reaches nothing.
        var reachable: Bool
    }

    let now: Date
    let policy: HealthPolicy
    let gaps: [String: LinkGaps]
    /// Stored vehicles by vehicle id (a vehicle is linked to one connection at most).
    private(set) var held: [String: Held] = [:]
    /// Per reachable connection, how many vehicles it holds.
    private var vehicleCounts: [String: Int] = [:]
    /// Users of reachable connections whose vehicle list is unread: their vehicles are not orphans.
    private var unreadUsers: Set<String> = []
    /// Vehicle ids Smartcar listed for the user that holds them, and the users of those rows.
    private var reached: Set<String> = []
    private var reachedUsers: Set<String> = []
    /// Vehicle ids Smartcar listed for a user whose vehicle list is unread.
    private var unreadVehicles: Set<String> = []
    private(set) var listed = 0
    private(set) var orphans: [ManagedConnection] = []
    private(set) var mismatches: [ManagedConnection] = []

    init(now: Date, policy: HealthPolicy, gaps: [String: LinkGaps]) {
        self.now = now
        self.policy = policy
        self.gaps = gaps
    }

    mutating func hold(_ link: StoredLink) {
        let c = link.connection
        let reachable = policy.health(of: c.state, at: now) != .needsReauth
        let userId = gaps[c.id]?.user == true ? nil : link.smartcarUserId
        if reachable, gaps[c.id]?.vehicleList == true, let userId { unreadUsers.insert(userId) }
        guard let vehicle = link.vehicle else { return }
        held[vehicle.id] = Held(connectionId: c.id, userId: userId, mode: c.mode, reachable: reachable)
        if reachable { vehicleCounts[c.id, default: 0] += 1 }
    }

    mutating func compare(_ row: ManagedConnection) {
        listed += 1
        if let stored = held[row.vehicleId], stored.reachable, stored.userId == nil || stored.userId == row.userId {
            reached.insert(row.vehicleId)
            reachedUsers.insert(row.userId)
            if let mode = row.mode, mode != stored.mode.rawValue { mismatches.append(row) }
        } else if unreadUsers.contains(row.userId) {
            unreadVehicles.insert(row.vehicleId)
        } else {
            orphans.append(row)
        }
    }

    /// The connections Smartcar listed for at least one of their vehicles.
    func listedConnections() -> Set<String> {
        Set(reached.compactMap { held[$0]?.connectionId })
    }

    /// Stored vehicles of reachable connections that Smartcar did not list, by connection, with
    /// whether the connection lost every vehicle it holds.
    func gone() -> [String: (vehicleIds: [String], whole: Bool)] {
        let missing = held.filter { $0.value.reachable && !reached.contains($0.key) }
        return Dictionary(grouping: missing, by: \.value.connectionId).mapValues { rows in
            let ids = rows.map(\.key).sorted()
            return (ids, ids.count == vehicleCounts[rows[0].value.connectionId])
        }
    }

    /// How to end `orphan` at Smartcar without ending a connection a stored pair reaches: by vehicle
    /// when no stored pair reaches that vehicle, else by user when no stored pair reaches that user's
    /// vehicles; nil when neither is safe (the Management API deletes by one of the two only).
    func removal(of orphan: ManagedConnection) -> ManagedConnectionSelector? {
        if !reached.contains(orphan.vehicleId), !unreadVehicles.contains(orphan.vehicleId) {
            return .vehicle(orphan.vehicleId)
        }
        if !reachedUsers.contains(orphan.userId), !unreadUsers.contains(orphan.userId) {
            return .user(orphan.userId)
        }
        return nil
    }
}
