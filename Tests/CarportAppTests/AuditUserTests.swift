import CarportCore
import CarportTestSupport
import Foundation
import Testing

@testable import CarportApp

/// Who and where an audit entry says: the effective user, with the operator's own name when they
/// ran carport through `sudo -u` (a shared store's owner), and the machine.
struct AuditUserTests {
    static let me = Carport.osUser([:])

    @Test func theOperatorBehindSudoIsNamedBesideTheOwner() {
        let other = "\(geteuid() &+ 1)"
        #expect(Carport.osUser(["SUDO_USER": "alice", "SUDO_UID": other]) == "\(Self.me) (sudo from alice)")
        #expect(
            Carport.osUser(["SUDO_USER": "alice", "SUDO_UID": "\(geteuid())"]) == Self.me, "not a sudo to another user")
        #expect(Carport.osUser(["SUDO_USER": "alice"]) == Self.me, "sudo sets both")
        #expect(
            Carport.osUser(["SUDO_USER": "al\u{1B}[2Jice", "SUDO_UID": other]) == "\(Self.me) (sudo from al\\x1b[2Jice)"
        )
    }

    @Test func everyEntryRecordsTheHostItWasWrittenOn() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let carport = try await buildCarport(environment: world.environment)
            try await carport.store.recordAudit(carport.audit("test"))
            let entry = try #require(try await carport.store.auditLog(since: nil, limit: 1).first)
            #expect(entry.host == AuditEntry.thisHost && !AuditEntry.thisHost.isEmpty)
            let json = try await world.run(["audit", "--json", "--limit", "1"])
            let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
            #expect(entries?.first?["host"] as? String == AuditEntry.thisHost, "\(json.stdout)")
        }
    }
}
