import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What every command that opens a secret does first (README security model): no core dump may
/// write tokens or the store key to disk, and children get no secret in their environment.
public enum ProcessHardening {
    /// Turns core dumps off for this process: a zero core size, and not dumpable (which also keeps
    /// its memory from `ptrace` and its /proc files from the user's other processes).
    public static func disableCoreDumps() {
        #if os(Linux)
            var none = rlimit(rlim_cur: 0, rlim_max: 0)
            _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
            _ = prctl(setDumpable, 0)
        #else
            var none = rlimit(rlim_cur: 0, rlim_max: 0)
            _ = setrlimit(RLIMIT_CORE, &none)
        #endif
    }

    #if os(Linux)
        /// `PR_SET_DUMPABLE` (linux/prctl.h).
        static let setDumpable: Int32 = 4

        /// `prctl(2)` with one argument, looked up at run time: Swift cannot call a C variadic
        /// function, and the Linux calling conventions pass integer arguments to one the same way.
        @discardableResult
        static func prctl(_ option: Int32, _ argument: UInt) -> Int32 {
            typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return -1 }
            return unsafeBitCast(symbol, to: Prctl.self)(option, argument, 0, 0, 0)
        }
    #endif

    /// The environment for a child such as a browser: the parent's, without the client secret,
    /// its file, or any Carport or Smartcar setting (a browser needs none of them).
    public static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        environment.filter { name, _ in
            !name.hasPrefix("SMARTCAR_") && !name.hasPrefix("CARPORT_")
        }
    }
}
