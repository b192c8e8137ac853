import CarportCore
import Foundation

/// The comparison behind `carport reconcile`: the store's vehicles, held as ids only, against
/// Smartcar's list of connections of one kind, read a page at a time (docs/SMARTCAR.md §5.8). A
/// stored connection reaches a vehicle when it holds that vehicle for the same Smartcar user (any
/// user while `/user` is unread) and, for a pair, does not need re-authentication; a v3 connection
/// has no secret to lose, so one Smartcar lists again is reached (and confirmed). Connections of
/// the other kind count as reaching (a migrating app's list may hold them) but are never gone.
struct Reconciliation {
    /// A stored vehicle, as little of it as the comparison needs.
    struct Held {
        var connectionId: String
        /// Nil while the connection's `/user` is unread.
        var userId: String?
        var mode: ConnectMode
        /// False when a pair needs re-authentication: it reaches nothing.
        var reachable: Bool
        /// Of the kind whose list is compared.
        var ofKind: Bool
        /// Marked as needing re-authentication already.
        var marked: Bool

        /// Whether Smartcar's absence from this list marks it gone.
        var answerable: Bool { ofKind && reachable && !marked }
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
    /// Stored vehicles of the list's kind.
    private(set) var compared = 0
    private(set) var orphans: [ManagedConnection] = []
    private(set) var mismatches: [ManagedConnection] = []

    init(now: Date, policy: HealthPolicy, gaps: [String: LinkGaps]) {
        self.now = now
        self.policy = policy
        self.gaps = gaps
    }

    /// Holds one stored link; `ofKind`: of the kind whose list is compared.
    mutating func hold(_ link: StoredLink, ofKind: Bool) {
        let c = link.connection
        let reachable = c.kind == .v3 || policy.health(of: c.state, at: now) != .needsReauth
        let userId = gaps[c.id]?.user == true ? nil : link.smartcarUserId
        if reachable, gaps[c.id]?.vehicleList == true, let userId { unreadUsers.insert(userId) }
        guard let vehicle = link.vehicle else { return }
        if ofKind { compared += 1 }
        // A vehicle held by both kinds (a migrating app linked it twice): the list's own kind decides.
        guard ofKind || held[vehicle.id] == nil else { return }
        let stored = Held(
            connectionId: c.id, userId: userId, mode: c.mode, reachable: reachable, ofKind: ofKind,
            marked: c.state.reauthReason != nil)
        held[vehicle.id] = stored
        if stored.answerable { vehicleCounts[c.id, default: 0] += 1 }
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

    /// The connections of the list's kind Smartcar listed for at least one of their vehicles, and
    /// which of them were marked as needing re-authentication (a v3 connection Smartcar has again).
    func listedConnections() -> (all: Set<String>, marked: Set<String>) {
        let listed = reached.compactMap { held[$0] }.filter(\.ofKind)
        return (Set(listed.map(\.connectionId)), Set(listed.filter(\.marked).map(\.connectionId)))
    }

    /// Stored vehicles of reachable connections that Smartcar did not list, by connection, with
    /// whether the connection lost every vehicle it holds.
    func gone() -> [String: (vehicleIds: [String], whole: Bool)] {
        let missing = held.filter { $0.value.answerable && !reached.contains($0.key) }
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
