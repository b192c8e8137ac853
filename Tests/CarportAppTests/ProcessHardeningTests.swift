import CarportApp
import CarportTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Core dumps off and secrets kept from children (README security model).
@Suite struct ProcessHardeningTests {
    @Test func childEnvironmentDropsEverySecretAndKeepsTheDesktop() {
        let parent = [
            "SMARTCAR_CLIENT_SECRET": "s3cret", "SMARTCAR_CLIENT_SECRET_FILE": "/run/secrets/smartcar",
            "SMARTCAR_CLIENT_ID": "cid", "CARPORT_KEY_FILE": "/run/secrets/key", "CARPORT_HOME": "/srv/carport",
            "DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "PATH": "/usr/bin", "HOME": "/home/ops",
            "XDG_RUNTIME_DIR": "/run/user/1000", "LANG": "C.UTF-8",
        ]
        let child = ProcessHardening.childEnvironment(parent)
        #expect(
            child == [
                "DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "PATH": "/usr/bin", "HOME": "/home/ops",
                "XDG_RUNTIME_DIR": "/run/user/1000", "LANG": "C.UTF-8",
            ])
    }

    /// A waiting `carport connect`, run as an unprivileged user so that the kernel's `dumpable` flag
    /// shows: /proc/PID's files belong to root when it is off (proc(5)).
    @Test func aCommandThatOpensTheStoreCannotDumpCore() async throws {
        let root = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: root) }
        let nobody: uid_t = 65534
        let binary = root.appendingPathComponent("carport").path
        var command = CarportBinary.path
        var prefix: [String] = []
        // As root, the binary is linked into a home of `nobody`'s (the checkout may be closed to it).
        let unprivileged = geteuid() == 0 && link(CarportBinary.path, binary) == 0
        if unprivileged {
            chown(root.path, nobody, gid_t(nobody))
            command = "/usr/bin/setpriv"
            prefix = ["--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", "--", binary]
        }
        let env = CarportBinary.environment(
            home: root,
            extra: [
                "SMARTCAR_CLIENT_ID": "cid", "SMARTCAR_CLIENT_SECRET": "CANARY-secret-77",
                "SMARTCAR_REDIRECT_URI": "http://localhost:0/callback", "SMARTCAR_CONNECT_ORIGIN": "http://127.0.0.1:9",
                "SMARTCAR_AUTH_ORIGIN": "http://127.0.0.1:9", "SMARTCAR_API_ORIGIN": "http://127.0.0.1:9",
            ])
        let child = try ChildProcess.spawn(
            command, prefix + ["connect", "--customer", "ACME", "--no-browser", "--timeout", "60s"], environment: env)
        defer { child.terminate() }
        try await poll(until: "connect printed its URL", timeout: .seconds(30)) {
            child.currentStdout().contains("\n") || child.hasExited()
        }
        let limits = try String(contentsOfFile: "/proc/\(child.pid)/limits", encoding: .utf8)
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        #expect(core?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"])
        if unprivileged {
            var info = stat()
            #expect(stat("/proc/\(child.pid)/status", &info) == 0)
            #expect(info.st_uid == 0, "not dumpable: its /proc files belong to root, not to nobody")
        }
    }
}
