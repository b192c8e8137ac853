import Foundation

/// The operator's browser on this machine (`xdg-open`), for a Connect session's short URL.
public enum Browser {
    /// Opens `url` through a page only this user can read: a child's argv is visible to every local
    /// user (`/proc/PID/cmdline`), and the short URL leads to the Connect URL with its `state`. So
    /// the argv names a 0600 file in a fresh 0700 folder, whose page redirects to `url`. The browser
    /// inherits no secret (`Process` would otherwise pass on the whole environment). Returns the
    /// folder to delete when the session ends; nil when nothing was opened.
    @discardableResult
    public static func open(_ url: URL, environment: [String: String]) -> URL? {
        guard let page = try? privatePage(redirectingTo: url) else { return nil }
        let process = Process()
        process.environment = ProcessHardening.childEnvironment(environment)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", page.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
        return page.deletingLastPathComponent()
    }

    /// `connect.html` in a new `mkdtemp` folder (0700), written 0600 with O_EXCL.
    static func privatePage(redirectingTo url: URL) throws -> URL {
        var template = Array((NSTemporaryDirectory() + "/carport-browser-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        let folder = URL(fileURLWithPath: String(cString: made), isDirectory: true)
        let page = folder.appendingPathComponent("connect.html")
        let target = url.absoluteString.replacingOccurrences(of: "\"", with: "%22")
        let html = """
            <!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">
            <meta http-equiv="refresh" content="0;url=\(target)"><a href="\(target)">Continue to Smartcar Connect</a>
            """
        let fd = Glibc.open(page.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        let bytes = Array(html.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        return page
    }
}
