import CarportTestSupport
import Foundation
import Testing

/// contrib/systemd: the units the README points at, hardened, and accepted by `systemd-analyze
/// verify` (Debian's `systemd`; scripts/test installs it) with ExecStart on the built binary and
/// the man page they cite installed.
struct SystemdUnitsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let analyze = "/usr/bin/systemd-analyze"
    static let units = [
        "carport-refresh.service", "carport-refresh.timer", "carport-metrics.service", "carport-metrics.timer",
    ]

    @Test(arguments: ["user", "system"])
    func unitsAreHardenedAndVerify(_ manager: String) async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.analyze),
            "systemd-analyze is missing: apt-get install systemd (scripts/test does)")
        let folder = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: folder) }
        let man = folder.appendingPathComponent("man/man1")
        try FileManager.default.createDirectory(at: man, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.root.appendingPathComponent("docs/carport.1"), to: man.appendingPathComponent("carport.1"))
        for unit in Self.units {
            let text = try String(
                contentsOf: Self.root.appendingPathComponent("contrib/systemd/\(manager)/\(unit)"), encoding: .utf8)
            if unit.hasSuffix(".service") {
                for line in ["UMask=0077", "NoNewPrivileges=yes", "PrivateTmp=yes", "ProtectSystem=strict"] {
                    #expect(text.contains("\n\(line)\n"), "\(manager)/\(unit) has \(line)")
                }
                #expect(
                    text.contains(
                        "\nExecStart=/usr/local/bin/carport \(unit.contains("refresh") ? "refresh --due" : "metrics --output ")"
                    ))
            }
            let local = text.replacingOccurrences(of: "/usr/local/bin/carport", with: CarportBinary.path)
            try local.write(to: folder.appendingPathComponent(unit), atomically: true, encoding: .utf8)
        }
        let runtime = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true)
        let verify = try await ChildProcess.run(
            Self.analyze,
            (manager == "user" ? ["--user"] : []) + ["verify"]
                + Self.units.map { folder.appendingPathComponent($0).path },
            environment: [
                "PATH": "/usr/bin:/bin", "MANPATH": folder.appendingPathComponent("man").path,
                "XDG_RUNTIME_DIR": runtime.path, "HOME": folder.path,
            ])
        #expect(
            verify.status == 0 && verify.stderr.isEmpty && verify.stdout.isEmpty, "\(verify.stdout)\(verify.stderr)")
    }
}
