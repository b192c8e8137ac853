import CarportCore
import Foundation
import Testing

struct HealthPolicyTests {
    static let issued = Date(timeIntervalSince1970: 1_800_000_000)
    static let pair = TokenPair(
        accessToken: Secret("a-1"), refreshToken: Secret("r-1"), expiresIn: 7200, issuedAt: issued)
    static let accessExpiry = pair.accessExpiresAt
    static let refreshExpiry = pair.refreshExpiresAt
    static let day: TimeInterval = 86_400

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let now: Date
        var lastRefresh: RefreshRecord.Outcome?
        var reauthReason: String?
        let expected: Health
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "just issued", now: issued, expected: .healthy),
        Case(name: "access: one second before the 10-minute mark", now: accessExpiry - 601, expected: .healthy),
        Case(name: "access: exactly 10 minutes left", now: accessExpiry - 600, expected: .accessExpiring),
        Case(name: "access: one second before expiry", now: accessExpiry - 1, expected: .accessExpiring),
        Case(name: "access: exactly at expiry", now: accessExpiry, expected: .accessExpired),
        Case(name: "access: one second after expiry", now: accessExpiry + 1, expected: .accessExpired),
        Case(name: "runway: one second more than 14 days", now: refreshExpiry - 14 * day - 1, expected: .accessExpired),
        Case(name: "runway: exactly 14 days", now: refreshExpiry - 14 * day, expected: .keepAliveDue),
        Case(name: "runway: one second more than 3 days", now: refreshExpiry - 3 * day - 1, expected: .keepAliveDue),
        Case(name: "runway: exactly 3 days", now: refreshExpiry - 3 * day, expected: .runwayCritical),
        Case(name: "runway: one second left", now: refreshExpiry - 1, expected: .runwayCritical),
        Case(name: "runway: exactly gone", now: refreshExpiry, expected: .needsReauth),
        Case(name: "runway: one second after", now: refreshExpiry + 1, expected: .needsReauth),
        Case(name: "revoked by invalid_grant while fresh", now: issued, lastRefresh: .revoked, expected: .needsReauth),
        Case(name: "re-auth reason kept", now: issued, reauthReason: "invalid_grant", expected: .needsReauth),
        Case(
            name: "transient failure while access valid", now: issued, lastRefresh: .transientFailure,
            expected: .failing),
        Case(name: "answer lost", now: issued, lastRefresh: .answerLost, expected: .failing),
        Case(
            name: "failing but runway critical", now: refreshExpiry - day, lastRefresh: .transientFailure,
            expected: .runwayCritical),
        Case(name: "last refresh succeeded", now: issued, lastRefresh: .succeeded, expected: .healthy),
    ]

    static func connection(_ c: Case) -> Connection {
        Connection(
            id: "c1", smartcarUserId: "u1", customer: "Ada", mode: .simulated, scopes: ["read_vin"],
            tokens: pair, lastRefresh: c.lastRefresh.map { RefreshRecord(attemptedAt: issued, outcome: $0) },
            reauthReason: c.reauthReason, createdAt: issued, updatedAt: issued)
    }

    @Test(arguments: cases)
    func health(_ c: Case) {
        #expect(HealthPolicy.standard.health(of: Self.connection(c), at: c.now) == c.expected)
    }

    @Test func refreshIsDueAtTheBoundaries() {
        let policy = HealthPolicy.standard
        let c = Self.connection(Case(name: "", now: Self.issued, expected: .healthy))
        #expect(!policy.refreshIsDue(c, at: Self.accessExpiry - 601))
        #expect(policy.refreshIsDue(c, at: Self.accessExpiry - 600))
        #expect(policy.refreshIsDue(c, at: Self.accessExpiry + 1))
        #expect(!policy.refreshIsDue(c, at: Self.refreshExpiry), "a dead pair is never due")
        var revoked = c
        revoked.reauthReason = "invalid_grant"
        #expect(!policy.refreshIsDue(revoked, at: Self.accessExpiry + 1))
    }

    @Test func tokenPairLifetimes() {
        #expect(Self.pair.accessExpiresAt == Self.issued + 7200)
        #expect(Self.pair.refreshExpiresAt == Self.issued + 60 * Self.day)
    }

    @Test func severityOrderCoversEveryStateOnce() {
        #expect(Set(Health.severityOrder) == Set(Health.allCases))
        #expect(Health.severityOrder.count == Health.allCases.count)
        #expect(Health.needsReauth.severity > Health.failing.severity)
        #expect(Health.healthy.severity == 0)
    }
}
