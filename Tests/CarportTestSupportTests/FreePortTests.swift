import CarportTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

struct FreePortTests {
    @Test func portsAreQuietAndNeverRepeat() throws {
        let ports = try (0..<50).map { _ in try FreePort.next() }
        #expect(Set(ports).count == ports.count)
        #expect(ports.allSatisfy { (20_000..<32_000).contains($0) }, "below the ephemeral range: \(ports)")
    }

    @Test func aListenerHoldsItsPortUntilClosed() throws {
        let listener = try FreePort.listener()
        #expect(Self.connects(to: listener.port))
        listener.close()
        #expect(!Self.connects(to: listener.port))
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted.
    static func connects(to port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
