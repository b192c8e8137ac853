import CarportApp
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one way tests get a loopback port. Ports come from a counter below the kernel's ephemeral
/// range (32768 and up), so no `bind(0)` or outgoing connection of the test process takes one
/// between the check and the test's own bind, and "nothing listens there any more" is a sound
/// check; each test process counts through its own block (chosen by its pid), so test runs in
/// other worktrees on the same machine rarely meet it.
public enum FreePort {
    /// A port that was free on 127.0.0.1 and ::1 a moment ago; never the same twice in a process.
    public static func next() throws -> UInt16 {
        for _ in 0..<200 {
            let port = counter.withLock { value in
                value = (value + 1) % blockSize
                return first + block + value
            }
            if isFree(port) { return port }
        }
        throw CarportTestError("no free loopback port in \(first + block)..<\(first + block + blockSize)")
    }

    /// A socket listening on 127.0.0.1 at `next()`'s port, for tests that need the port held.
    public static func listener() throws -> Listener {
        for _ in 0..<20 {
            let port = try next()
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            if LoopbackPort.bind(fd, port: port, ipv6: false) == 0 && listen(fd, 4) == 0 {
                return Listener(socket: fd, port: port)
            }
            close(fd)
        }
        throw CarportTestError("no loopback port could be held")
    }

    /// A held listening socket; `close()` frees the port.
    public struct Listener: Sendable {
        public let socket: Int32
        public let port: UInt16
        public func close() { _ = Glibc.close(socket) }
    }

    private static let first: UInt16 = 20_000
    private static let blockSize: UInt16 = 1000
    private static let block = UInt16(getpid() % 12) * blockSize
    private static let counter = LockBox(UInt16.random(in: 0..<blockSize))

    /// Bindable on 127.0.0.1, and on ::1 where the machine has it (the callback catcher binds both).
    private static func isFree(_ port: UInt16) -> Bool {
        LoopbackPort.probe(port, ipv6: false) == 0
            && [0, EADDRNOTAVAIL, EAFNOSUPPORT].contains(LoopbackPort.probe(port, ipv6: true))
    }
}
