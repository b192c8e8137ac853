import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// The file-mode rules checked by the real binary running as an unprivileged user (CI runs as
/// root, which file modes do not stop): `setpriv` drops to `nobody` when this test runs as root.
@Suite struct PermissionProcessTests {
    static let nobody: uid_t = 65534

    struct Home {
        let root: URL
        var data: URL { root.appendingPathComponent("data") }

        /// A copy of the binary inside the home: the checkout may sit in a folder that `nobody`
        /// cannot enter (CI clones anywhere).
        var binary: URL { root.appendingPathComponent("carport") }

        init() throws {
            root = try CarportBinary.temporaryHome()
            if geteuid() == 0 {
                chown(root.path, PermissionProcessTests.nobody, gid_t(PermissionProcessTests.nobody))
                try PermissionProcessTests.place(CarportBinary.path, at: binary.path)
            }
        }

        /// Runs `carport ARGS` as an unprivileged user.
        func carport(_ arguments: [String]) async throws -> ChildProcess.Result {
            let env = CarportBinary.environment(home: root)
            if geteuid() == 0 {
                return try await ChildProcess.run(
                    "setpriv",
                    [
                        "--reuid=\(PermissionProcessTests.nobody)",
                        "--regid=\(PermissionProcessTests.nobody)", "--clear-groups", "--", binary.path,
                    ] + arguments,
                    environment: env, timeout: 60)
            }
            return try await ChildProcess.run(CarportBinary.path, arguments, environment: env, timeout: 60)
        }
    }

    /// A hard link when the file system allows, else a copy written through a close-on-exec
    /// descriptor: a plain copy's descriptor leaks into children that other tests fork meanwhile,
    /// and exec then fails with "Text file busy".
    static func place(_ source: String, at path: String) throws {
        if link(source, path) == 0 { return }
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw CarportError(.internal, "cannot create \(path)") }
        defer { close(fd) }
        guard data.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == data.count else {
            throw CarportError(.internal, "cannot write \(path)")
        }
    }

    @Test func firstUseCreatesPrivateFilesAsTheUser() async throws {
        let home = try Home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let result = try await home.carport(["rekey"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Fixture.fileMode(home.data) == 0o700)
        for name in ["carport.sqlite", "key", "refresh.lock"] {
            let url = home.data.appendingPathComponent(name)
            #expect(try Fixture.fileMode(url) == 0o600, "\(name)")
            if geteuid() == 0 {
                let owner = try FileManager.default.attributesOfItem(atPath: url.path)[.ownerAccountID] as? Int
                #expect(owner == Int(Self.nobody), "\(name) belongs to the unprivileged user")
            }
        }
    }

    @Test(arguments: [("carport.sqlite", 0o644, "600"), ("key", 0o604, "600"), ("", 0o750, "700")])
    func exposedFileIsRefusedWithAChmodLine(name: String, mode: Int, fix: String) async throws {
        let home = try Home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let first = try await home.carport(["rekey"])
        #expect(first.status == 0, "\(first.stderr)")
        let url = name.isEmpty ? home.data : home.data.appendingPathComponent(name)
        let keyBefore = try Data(contentsOf: home.data.appendingPathComponent("key"))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        let result = try await home.carport(["rekey"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("too open"))
        #expect(result.stderr.contains("chmod \(fix) '\(url.path)'"))
        #expect(try Data(contentsOf: home.data.appendingPathComponent("key")) == keyBefore, "nothing was re-keyed")
    }
}
