import CarportCore
import CarportTestSupport
import Foundation
import GRDB
import Testing

@testable import CarportStore

/// A new pair the store refuses, saved by one `carport` process and adopted by the next, against
/// the emulator (grace window 0: a pair that were lost would leave the connection dead).
@Suite(.serialized) struct PairRecoveryProcessTests {
    @Test("carport refresh saves a pair the store refuses; the next carport command stores it, and it works")
    func refusedPairIsSavedAndAdoptedByTheNextCommand() async throws {
        try await EmulatorRig.with(refreshGrace: 0) { rig in
            let id = try await rig.seedStore(count: 1)[0]
            let before = try #require(try await Self.storedRow(rig, id))
            try StoreFaults.refuseTokenWrites(database: rig.files.database.path, true)

            let failed = try await rig.spawnCarport(["refresh", id]).wait()
            #expect(failed.status == 5, "\(failed.stdout)\n\(failed.stderr)")
            let output = failed.stdout + failed.stderr
            #expect(output.contains("the new pair was saved to \(rig.files.home.path)/recovery/"), "\(output)")
            #expect(output.contains("the next carport command stores it"), "\(output)")
            let folder = rig.files.home.appendingPathComponent("recovery")
            let saved = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(saved.count == 1)
            #expect(try Fixture.fileMode(folder.appendingPathComponent(saved[0])) == 0o600)

            try StoreFaults.refuseTokenWrites(database: rig.files.database.path, false)
            let status = try await rig.spawnCarport(["status"]).wait()
            #expect(status.stderr.contains("Stored the new pair of connection \(id)"), "\(status.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
            let after = try #require(try await Self.storedRow(rig, id))
            #expect(after.pair.refreshToken != before.pair.refreshToken)

            let again = try await rig.spawnCarport(["refresh", id]).wait()
            #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
            #expect(await rig.emulator.counters().reuseDetections == 0)
        }
    }

    static func storedRow(_ rig: EmulatorRig, _ id: String) async throws -> Connection? {
        let store = try await rig.openStore()
        let row = try await store.connection(id: id)
        try await store.close()
        return row
    }
}
