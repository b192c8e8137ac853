import CNcurses

/// SIGINT, SIGTERM and SIGHUP become a flag the UI loop polls; fatal signals restore the
/// terminal and the held stderr, then die. (The C state is file-static: keep every call to it in this file.)
enum SignalTrap {
    /// Traps the signals; a fatal one also restores `stderr` (its descriptors) before the crash report.
    static func install(holding stderr: StderrHold? = nil) {
        if let stderr {
            cn_set_held_stderr(stderr.target, stderr.saved, stderr.spool, Int32(stderr.replayLimit))
        }
        cn_trap_signals()
    }
    /// Untraps the signals and forgets the held stderr: call it before the hold is restored, whose
    /// descriptors then close.
    static func remove() { cn_untrap_signals() }
    /// The quit signal that arrived since the last call, if any.
    static func take() -> Int32? {
        let signal = cn_take_signal()
        return signal == 0 ? nil : signal
    }
}
