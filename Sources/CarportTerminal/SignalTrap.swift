import CNcurses

/// SIGINT, SIGTERM and SIGHUP become a flag the UI loop polls; fatal signals restore the
/// terminal and die. (The C flag is file-static: keep every call to it in this file.)
enum SignalTrap {
    static func install() { cn_trap_signals() }
    static func remove() { cn_untrap_signals() }
    /// The quit signal that arrived since the last call, if any.
    static func take() -> Int32? {
        let signal = cn_take_signal()
        return signal == 0 ? nil : signal
    }
}
