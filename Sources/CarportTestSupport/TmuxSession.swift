import Foundation

/// A real terminal for end-to-end tests: a private tmux server (`-L`, `-f /dev/null`) running one
/// command at a fixed size. Tests wait for text on the screen, never for fixed sleeps, and call
/// `kill()` when done.
public final class TmuxSession: @unchecked Sendable {
    public let socket: String
    public let name = "e2e"

    /// Starts `command` (a shell command line) in a detached session of `width`x`height`.
    /// The command's exit status is printed as `__EXIT__=<n>` so tests can wait for it.
    public init(command: String, width: Int = 80, height: Int = 24, environment: [String: String]) async throws {
        socket = "carport-e2e-\(UUID().uuidString.prefix(8))"
        var env = environment
        env["TERM"] = env["TERM"] ?? "tmux-256color"
        env["LANG"] = env["LANG"] ?? "C.UTF-8"
        env["ESCDELAY"] = "25"
        let wrapped = "\(command); echo __EXIT__=$?; sleep 600"
        let exports = env.map { "export \($0.key)=\(Self.quote($0.value));" }.joined(separator: " ")
        try await tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "\(exports) \(wrapped)"],
                 environment: env)
    }

    /// Ends the tmux server and everything running in it.
    public func kill() async { _ = try? await tmux(["kill-server"]) }

    /// Sends keys by tmux name (`Enter`, `Up`, `C-c`) or as literal text when `literal` is set.
    public func send(_ keys: String..., literal: Bool = false) async throws {
        try await tmux(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    public func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The visible screen as text (`colours` adds SGR sequences; `history` includes scrollback).
    public func capture(colours: Bool = false, history: Bool = false) async throws -> String {
        var args = ["capture-pane", "-p", "-t", name]
        if colours { args += ["-e", "-N"] }
        if history { args += ["-S", "-"] }
        return try await tmux(args)
    }

    /// Waits until `condition(screen)` holds; throws with the captured screen after `timeout`.
    @discardableResult
    public func waitFor(_ what: String, timeout: TimeInterval = 20, history: Bool = false,
                        _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try await capture(history: history)
            if condition(screen) { return screen }
            try await Task.sleep(nanoseconds: 40_000_000)
        }
        throw TmuxError("timed out after \(Int(timeout)) s waiting for \(what); the screen was:\n\(screen)")
    }

    /// Waits until `text` is on the screen.
    @discardableResult
    public func waitFor(text: String, timeout: TimeInterval = 20, history: Bool = false) async throws -> String {
        try await waitFor("“\(text)”", timeout: timeout, history: history) { $0.contains(text) }
    }

    @discardableResult
    private func tmux(_ args: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> String {
        let result = try await ChildProcess.run("tmux", ["-L", socket, "-f", "/dev/null"] + args,
                                          environment: environment, timeout: 20)
        guard result.status == 0 else {
            throw TmuxError("tmux \(args.first ?? "") failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    public static func quote(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

public struct TmuxError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
