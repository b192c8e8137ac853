import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program with `posix_spawn`, not Foundation.Process: a child that daemonizes (the tmux
/// server) inherits Foundation's internal socket, and `waitUntilExit()` then never returns.
/// Spawned with a clean signal mask, its output captured in temporary files.
public struct ChildProcess: Sendable {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Set when the child was killed by a signal.
        public var signal: Int32?
    }

    public let pid: pid_t
    private let outPath: String
    private let errPath: String

    /// Starts `executable` with `arguments` and exactly `environment`.
    /// - Parameter stdin: a file to read standard input from (default /dev/null).
    public static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: String = "/dev/null"
    ) throws -> ChildProcess {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("carport-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("stdout").path
        let err = dir.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The child gets no other descriptor of this process: inherited sockets of the in-process
        // servers and URLSession made their requests hang until timeout while children lived.
        _ = posix_spawn_file_actions_addclosefrom_np(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw NSError(
                domain: "ChildProcess", code: Int(rc),
                userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(rc)))"])
        }
        return ChildProcess(pid: pid, outPath: out, errPath: err)
    }

    /// Runs to completion (killing the child after `timeout` seconds) and returns its result.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: String = "/dev/null", timeout: TimeInterval = 120
    ) async throws -> Result {
        try await spawn(executable, arguments, environment: environment, stdin: stdin).wait(timeout: timeout)
    }

    /// Waits for the child, suspending between polls so that in-process servers (the emulator)
    /// keep running on the few threads of the cooperative pool; kills it after `timeout` seconds.
    public func wait(timeout: TimeInterval = 120) async -> Result {
        var status: Int32 = 0
        let finished: Void? = try? await poll(
            until: "child \(pid) exits", timeout: .seconds(timeout), interval: .milliseconds(5)
        ) {
            waitpid(pid, &status, WNOHANG) != 0
        }
        if finished == nil {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        let exited = (status & 0x7f) == 0
        return Result(
            status: exited ? (status >> 8) & 0xff : -1, stdout: read(outPath), stderr: read(errPath),
            signal: exited ? nil : status & 0x7f)
    }

    public func signal(_ sig: Int32) { kill(pid, sig) }

    /// Whether the child has ended, without reaping it (`wait` still reads its status).
    public func hasExited() -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0
            && info._sifields._sigchld.si_pid == pid
    }

    /// Kills the child and reaps it at once (for `defer` blocks).
    public func terminate() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// What the child has written to stdout so far.
    public func currentStdout() -> String { read(outPath) }

    private func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}

/// glibc ≥ 2.34 has it, but the Glibc module does not import it.
// swift-format-ignore: AlwaysUseLowerCamelCase
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func posix_spawn_file_actions_addclosefrom_np(
    _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>,
    _ from: Int32
) -> Int32
