import Foundation

/// The `carport` executable that `swift build` put beside the test bundle.
public enum CarportBinary {
    public static var path: String {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        // On Linux the runner is `.build/<config>/CarportPackageTests.xctest`; elsewhere it may be nested.
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("carport").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return "carport"
    }

    /// A minimal, isolated environment for running the binary: a temporary HOME and CARPORT_HOME,
    /// UTF-8, no inherited Smartcar settings.
    public static func environment(home: URL, extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "HOME": home.path, "CARPORT_HOME": home.appendingPathComponent("data").path,
            "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8",
        ]
        env.merge(extra) { $1 }
        return env
    }

    /// A fresh temporary directory (0700).
    public static func temporaryHome() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carport-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        return url
    }
}
