import Foundation

/// The operator's browser on this machine (`xdg-open`), for a Connect session's short URL.
public enum Browser {
    /// Opens `url`; the browser inherits no secret (`Process` would pass on the whole environment).
    public static func open(_ url: URL, environment: [String: String]) {
        let process = Process()
        process.environment = ProcessHardening.childEnvironment(environment)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
