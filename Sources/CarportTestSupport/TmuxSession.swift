import Foundation

/// A real terminal for end-to-end tests: a private tmux server (`-L`, `-f /dev/null`) running a
/// command at a fixed size, with more panes on demand (`split`). Tests wait for text on the
/// screen, never for fixed sleeps, and call `kill()` when done. Every pane-taking method works on
/// the first pane when `pane` is nil.
public final class TmuxSession: @unchecked Sendable {
    public let socket: String
    public let name = "e2e"
    /// The pane that runs the session's command (the target when a method's `pane` is nil).
    public let firstPane: String

    /// Starts `command` (a shell command line) in a detached session of `width`x`height`.
    /// The command's exit status is printed as `__EXIT__=<n>` so tests can wait for it.
    public init(command: String, width: Int = 80, height: Int = 24, environment: [String: String]) async throws {
        socket = "carport-e2e-\(UUID().uuidString.prefix(8))"
        var env = environment
        env["TERM"] = env["TERM"] ?? "tmux-256color"
        env["LANG"] = env["LANG"] ?? "C.UTF-8"
        env["ESCDELAY"] = "25"
        let exports = env.map { "export \($0.key)=\(Self.quote($0.value));" }.joined(separator: " ")
        let pane = try await Self.tmux(
            socket: socket,
            [
                "new-session", "-d", "-P", "-F", "#{pane_id}", "-s", name, "-x", "\(width)", "-y", "\(height)",
                "\(exports) \(Self.wrap(command))",
            ], environment: env)
        firstPane = pane.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Splits the window (`horizontal`: side by side, else one above the other) and runs `command`
    /// in the new pane, with the session's environment and the same `__EXIT__=<n>` line; nil runs
    /// an interactive shell. Returns the new pane's id (`%1`) for the pane-taking methods.
    public func split(command: String? = nil, horizontal: Bool = false) async throws -> String {
        let run = command.map(Self.wrap) ?? Self.shell
        let pane = try await tmux([
            "split-window", "-t", firstPane, horizontal ? "-h" : "-v", "-P", "-F", "#{pane_id}", run,
        ])
        return pane.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Ends the tmux server and everything running in it.
    public func kill() async { _ = try? await tmux(["kill-server"]) }

    /// Sends keys by tmux name (`Enter`, `Up`, `C-c`) or as literal text when `literal` is set.
    public func send(_ keys: String..., literal: Bool = false, pane: String? = nil) async throws {
        try await tmux(["send-keys", "-t", pane ?? firstPane] + (literal ? ["-l"] : []) + keys)
    }

    /// Pastes `text` into `pane` as a terminal paste does (tmux's `paste-buffer`), without Enter.
    public func paste(_ text: String, pane: String? = nil) async throws {
        try await tmux(["set-buffer", "-b", "e2e-paste", text])
        try await tmux(["paste-buffer", "-d", "-b", "e2e-paste", "-t", pane ?? firstPane])
    }

    public func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The visible screen as text (`colours` adds SGR sequences; `history` includes scrollback and
    /// joins lines the terminal wrapped, so a long URL comes back whole).
    public func capture(colours: Bool = false, history: Bool = false, pane: String? = nil) async throws -> String {
        var args = ["capture-pane", "-p", "-t", pane ?? firstPane]
        if colours { args += ["-e", "-N"] }
        if history { args += ["-S", "-", "-J"] }
        return try await tmux(args)
    }

    /// Waits until `condition(screen)` holds; throws with the captured screen after `timeout`.
    @discardableResult
    public func waitFor(
        _ what: String, timeout: TimeInterval = 20, history: Bool = false, pane: String? = nil,
        _ condition: (String) -> Bool
    ) async throws -> String {
        var screen = ""
        do {
            return try await poll(for: what, timeout: .seconds(timeout), interval: .milliseconds(40)) {
                screen = try await capture(history: history, pane: pane)
                return condition(screen) ? screen : nil
            }
        } catch is PollTimeout {
            throw TmuxError(
                "timed out after \(Int(timeout)) s waiting for \(what)\(pane.map { " in pane \($0)" } ?? ""); "
                    + "the screen was:\n\(screen)")
        }
    }

    /// Waits until `text` is on the screen.
    @discardableResult
    public func waitFor(
        text: String, timeout: TimeInterval = 20, history: Bool = false,
        pane: String? = nil
    ) async throws -> String {
        try await waitFor("“\(text)”", timeout: timeout, history: history, pane: pane) { $0.contains(text) }
    }

    @discardableResult
    private func tmux(_ args: [String]) async throws -> String {
        try await Self.tmux(socket: socket, args, environment: ProcessInfo.processInfo.environment)
    }

    private static func tmux(socket: String, _ args: [String], environment: [String: String]) async throws -> String {
        let result = try await ChildProcess.run(
            "tmux", ["-L", socket, "-f", "/dev/null"] + args,
            environment: environment, timeout: 20)
        guard result.status == 0 else {
            throw TmuxError("tmux \(args.first ?? "") failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    /// An interactive shell whose prompt is `$ `: run it as a session's command to type command
    /// lines into it and see the shell's line come back after them.
    public static let shell = "PS1='$ ' exec bash --norc --noprofile"

    /// `command`, then its exit status as `__EXIT__=<n>`, then a pause that keeps the pane open.
    private static func wrap(_ command: String) -> String { "\(command); echo __EXIT__=$?; sleep 600" }

    public static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

public struct TmuxError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
