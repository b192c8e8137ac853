import CarportCore
import CarportTestSupport
import Foundation
import GRDB
import Testing

@testable import CarportStore

/// First use of one empty `CARPORT_HOME` by several openers at once (operators and a cron job):
/// every opener succeeds, and all of them use the one key whose check the store records.
@Suite(.serialized) struct StoreFirstUseTests {
    /// The key on disk opens the store's key check, and no temporary key file was left behind.
    static func expectOneMatchingKey(_ files: StoreFiles, _ comment: String) throws {
        let check = try SQLiteConnectionStore.probe(files.database)
        // Read through the file itself: exactly one key, whichever opener wrote it.
        let key = try StoreKey.read(files.key)
        #expect(check.map { Sealer(key: key).matchesKeyCheck($0) } == true, "\(comment): the key opens the store")
        let names = try FileManager.default.contentsOfDirectory(atPath: files.home.path).sorted()
        #expect(names.contains("key") && !names.contains { $0.hasPrefix(".key") }, "\(comment): \(names)")
    }

    @Test func concurrentOpensOnThreadsShareOneKey() async throws {
        for run in 0..<5 {
            let home = try TempHome()
            defer { home.remove() }
            let files = StoreFiles(home: home.url.appendingPathComponent("data"))
            let outcomes = LockBox<[String]>([])
            let threads = (0..<8).map { index in
                Thread {
                    do {
                        let store = try SQLiteConnectionStore.open(
                            files: files, clock: ManualClock(Fixture.epoch), osUser: "t\(index)")
                        try store.close()
                        outcomes.withLock { $0.append("ok") }
                    } catch {
                        outcomes.withLock { $0.append("\(error)") }
                    }
                }
            }
            for thread in threads { thread.start() }
            try await poll(until: "run \(run): every opener finished", timeout: .seconds(60)) {
                outcomes.value.count == threads.count
            }
            #expect(outcomes.value.allSatisfy { $0 == "ok" }, "run \(run): \(outcomes.value)")
            try Self.expectOneMatchingKey(files, "run \(run)")
            let store = try SQLiteConnectionStore.open(files: files, clock: ManualClock(Fixture.epoch), osUser: "t")
            _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
            #expect(try await store.connection(id: "c1")?.tokens == Fixture.pair("c1"), "run \(run)")
            try store.close()
        }
    }

    @Test func eightStatusProcessesOnAnEmptyHomeAllSucceed() async throws {
        for run in 0..<3 {
            let root = try CarportBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: root) }
            let env = CarportBinary.environment(home: root)
            let children = try (0..<8).map { _ in
                try ChildProcess.spawn(CarportBinary.path, ["status"], environment: env)
            }
            for child in children {
                let result = await child.wait()
                #expect(result.status == 0, "run \(run): \(result.stderr)")
                #expect(!result.stderr.contains("GRDB") && !result.stderr.contains("Database"), "\(result.stderr)")
            }
            try Self.expectOneMatchingKey(StoreFiles(home: root.appendingPathComponent("data")), "run \(run)")
        }
    }

    @Test func aForeignSQLiteFileIsNamedByItsPathWithoutATypeName() throws {
        let home = try TempHome()
        defer { home.remove() }
        let queue = try DatabaseQueue(path: home.files.database.path)
        try queue.write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
        try queue.close()
        chmod(home.files.database.path, 0o600)
        let error = #expect(throws: CarportError.self) { try Fixture.open(home) }
        #expect(error?.message.contains(home.files.database.path) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("GRDB") == false, "\(error?.message ?? "")")
    }
}
