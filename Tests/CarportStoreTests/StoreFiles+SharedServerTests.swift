import CarportCore
import CarportTestSupport
import Foundation
import Testing

@testable import CarportStore

#if canImport(Glibc)
    import Glibc
#endif

/// The files rules of the README's security model on a shared server: other local users can plant
/// symlinks and own files, so Carport never follows a link to a file it creates and refuses files
/// and folders that belong to someone else. Ownership cases need root (CI runs as root).
@Suite struct StoreFilesSharedServerTests {
    static let nobody: uid_t = 65534

    static func open(_ files: StoreFiles) throws -> SQLiteConnectionStore {
        try SQLiteConnectionStore.open(files: files, clock: ManualClock(Fixture.epoch), osUser: "tester")
    }

    @Test func homeAndTheFoldersCarportCreatesAreNeverOpenToOthers() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let old = umask(0o022)
        defer { umask(old) }
        // A watcher stats the folder while it is created: it must never see group or other bits.
        let seen = LockBox<Set<Int>>([])
        let stop = LockBox(false)
        for run in 0..<200 {
            let files = StoreFiles(home: home.url.appendingPathComponent("\(run)/a/carport"))
            let watcher = Thread {
                var info = stat()
                while !stop.value {
                    for path in [files.home.path, files.home.deletingLastPathComponent().path]
                    where stat(path, &info) == 0 {
                        let mode = Int(info.st_mode & 0o777)
                        seen.withLock { _ = $0.insert(mode) }
                    }
                }
            }
            stop.value = false
            watcher.start()
            try files.prepareHome()
            stop.value = true
            while !watcher.isFinished { usleep(100) }
            #expect(try Fixture.fileMode(files.home) == 0o700)
            #expect(try Fixture.fileMode(files.home.deletingLastPathComponent()) == 0o700)
        }
        #expect(seen.value.allSatisfy { $0 & 0o077 == 0 }, "modes seen while creating: \(seen.value)")
    }

    @Test func homeOwnedByAnotherUserIsRefusedWithTheWayOut() throws {
        guard geteuid() == 0 else { return }
        let home = try TempHome()
        defer { home.remove() }
        chown(home.url.path, Self.nobody, gid_t(Self.nobody))
        let error = #expect(throws: CarportError.self) { try Self.open(home.files) }
        #expect(error?.kind == .unsafePermissions)
        #expect(error?.message.contains("belongs to another user") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("CARPORT_HOME") == true)
        #expect(!FileManager.default.fileExists(atPath: home.files.key.path), "nothing was created in it")
    }

    @Test(arguments: ["key", "refresh.lock", "carport.sqlite"])
    func fileOwnedByAnotherUserIsRefused(name: String) throws {
        guard geteuid() == 0 else { return }
        let home = try TempHome()
        defer { home.remove() }
        try Self.open(home.files).close()
        chown(home.url.appendingPathComponent(name).path, Self.nobody, gid_t(Self.nobody))
        let error = #expect(throws: CarportError.self) { try Self.open(home.files) }
        #expect(error?.kind == .unsafePermissions)
        #expect(error?.message.contains("belongs to another user") == true, "\(error?.message ?? "")")
    }

    /// A link planted where the key will be created must not make Carport write the key elsewhere.
    @Test(arguments: ["key", "refresh.lock"])
    func plantedSymlinkIsRefusedAndItsTargetUntouched(name: String) throws {
        let home = try TempHome()
        let elsewhere = try TempHome()
        defer {
            home.remove()
            elsewhere.remove()
        }
        let target = elsewhere.url.appendingPathComponent("victim")
        try FileManager.default.createSymbolicLink(
            atPath: home.url.appendingPathComponent(name).path, withDestinationPath: target.path)
        let error = #expect(throws: CarportError.self) { try Self.open(home.files) }
        #expect(error?.message.contains("symbolic link") == true, "\(error?.message ?? "")")
        #expect(!FileManager.default.fileExists(atPath: target.path), "nothing was written through the link")
    }

    @Test func plantedSymlinkToAnExistingFileLeavesItUnchanged() throws {
        let home = try TempHome()
        defer { home.remove() }
        let target = home.url.appendingPathComponent("precious")
        try StoreFiles.writeDurably(Data("precious\n".utf8), to: target)
        let files = StoreFiles(home: home.url.appendingPathComponent("data"))
        try files.prepareHome()
        try FileManager.default.createSymbolicLink(atPath: files.lock.path, withDestinationPath: target.path)
        #expect(throws: CarportError.self) { try Self.open(files) }
        #expect(try Data(contentsOf: target) == Data("precious\n".utf8))
    }

    /// CARPORT_KEY_FILE may name a mounted secret, which is a symlink; it must still be private.
    @Test func operatorNamedKeyMayBeASymlinkButNotAnotherUsersFile() throws {
        let home = try TempHome()
        defer { home.remove() }
        let secrets = home.url.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: false)
        let real = secrets.appendingPathComponent("..2026_key")
        try StoreKey.generate().write(to: real)
        let named = secrets.appendingPathComponent("carport-key")
        try FileManager.default.createSymbolicLink(atPath: named.path, withDestinationPath: real.path)
        let files = StoreFiles(home: home.url.appendingPathComponent("data"), keyFile: named)
        try Self.open(files).close()
        try Self.open(files).close()
        guard geteuid() == 0 else { return }
        chown(real.path, Self.nobody, gid_t(Self.nobody))
        let error = #expect(throws: CarportError.self) { try Self.open(files) }
        #expect(error?.message.contains("belongs to another user") == true, "\(error?.message ?? "")")
    }
}
