import CarportCore
import Foundation
import Testing

@testable import CarportApp

/// The comparison behind `carport reconcile`, table by table: what is reached, what is an orphan,
/// what is gone, and how an orphan may be removed without touching a vehicle a stored pair reaches.
struct ReconciliationTests {
    static let now = Date(timeIntervalSince1970: 1_795_946_400)

    /// A stored vehicle `vehicle` of connection `connection` for Smartcar user `user`.
    static func link(
        _ connection: String, _ user: String, _ vehicle: String?, mode: ConnectMode = .simulated,
        reauth: String? = nil
    ) -> StoredLink {
        let state = TokenState(
            issuedAt: now, accessExpiresAt: now + 7200, refreshExpiresAt: now + 60 * 86_400, reauthReason: reauth)
        return StoredLink(
            connection: ConnectionSummary(
                id: connection, customer: connection, mode: mode, scopes: [], state: .tokenPair(state)),
            smartcarUserId: user,
            vehicle: vehicle.map { Vehicle(id: $0, connectionId: connection, make: "TESLA", model: "3", year: 2022) })
    }

    static func compare(
        _ links: [StoredLink], _ rows: [ManagedConnection], gaps: [String: LinkGaps] = [:]
    ) -> Reconciliation {
        var comparison = Reconciliation(now: now, policy: .standard, gaps: gaps)
        for link in links { comparison.hold(link, ofKind: link.connection.kind == .classic) }
        for row in rows { comparison.compare(row) }
        return comparison
    }

    static func row(_ vehicle: String, _ user: String, _ mode: String = "simulated") -> ManagedConnection {
        ManagedConnection(vehicleId: vehicle, userId: user, mode: mode)
    }

    @Test func reachedVehiclesAgreeAndMissingOnesAreGoneByConnection() {
        let links = [Self.link("c1", "u1", "v1"), Self.link("c1", "u1", "v2"), Self.link("c2", "u2", "v3")]
        let agreeing = Self.compare(links, [Self.row("v1", "u1"), Self.row("v2", "u1"), Self.row("v3", "u2")])
        #expect(agreeing.orphans.isEmpty && agreeing.mismatches.isEmpty && agreeing.gone().isEmpty)

        let partly = Self.compare(links, [Self.row("v1", "u1")])
        #expect(partly.gone()["c1"]?.vehicleIds == ["v2"] && partly.gone()["c1"]?.whole == false)
        #expect(partly.gone()["c2"]?.vehicleIds == ["v3"] && partly.gone()["c2"]?.whole == true)
    }

    @Test func aVehicleListedForAnotherUserIsAnOrphanAndAModeDifferenceAMismatch() {
        let comparison = Self.compare(
            [Self.link("c1", "u1", "v1", mode: .live)], [Self.row("v1", "u1"), Self.row("v1", "u9")])
        #expect(comparison.mismatches == [Self.row("v1", "u1")])
        #expect(comparison.orphans == [Self.row("v1", "u9")])
        // By vehicle would end c1's vehicle too; by user u9 ends only the orphan.
        #expect(comparison.removal(of: Self.row("v1", "u9")) == .user("u9"))
    }

    @Test func anOrphanIsRemovedByVehicleFirstAndNeverWhenBothWouldTouchAReachedVehicle() {
        let comparison = Self.compare(
            [Self.link("c1", "u1", "v1"), Self.link("c2", "u2", "v2")],
            [Self.row("v1", "u1"), Self.row("v2", "u2"), Self.row("v8", "u1"), Self.row("v1", "u2")])
        #expect(comparison.removal(of: Self.row("v8", "u1")) == .vehicle("v8"))
        #expect(comparison.removal(of: Self.row("v1", "u2")) == nil)
    }

    @Test func aDeadPairReachesNothingAndIsNotGone() {
        let links = [Self.link("c1", "u1", "v1", reauth: "Smartcar rejected the refresh token.")]
        let listed = Self.compare(links, [Self.row("v1", "u1")])
        #expect(listed.orphans == [Self.row("v1", "u1")], "tokens lost: the vehicle may still be billed")
        let unlisted = Self.compare(links, [])
        #expect(unlisted.orphans.isEmpty && unlisted.gone().isEmpty, "the store already says it is dead")
    }

    @Test func unreadUsersAndVehicleListsAreNotJudged() {
        let gaps = ["c1": LinkGaps(user: true), "c2": LinkGaps(vehicleList: true)]
        let comparison = Self.compare(
            [Self.link("c1", LinkGaps.unknownUser, "v1"), Self.link("c2", "u2", nil), Self.link("c3", "u3", "v3")],
            [Self.row("v1", "u1"), Self.row("v2", "u2"), Self.row("v3", "u3"), Self.row("v2", "u7")],
            gaps: gaps)
        #expect(comparison.gone().isEmpty, "v1 is matched by its id while c1's user is unread")
        #expect(comparison.orphans == [Self.row("v2", "u7")], "v2 of u2 may be c2's: its vehicles are unread")
        #expect(comparison.removal(of: Self.row("v2", "u7")) == .user("u7"), "not by vehicle: u2 may hold v2")
    }
}
