import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether a TCP port can be bound on the IPv4 and IPv6 loopback addresses right now: `doctor`,
/// the demo's port choice and the tests' `FreePort` ask the same question the same way.
public enum LoopbackPort {
    /// nil when the port can be bound, else the reason it cannot.
    public static func bindError(_ port: UInt16, ipv6: Bool) -> String? {
        let code = probe(port, ipv6: ipv6)
        return code == 0 ? nil : String(cString: strerror(code))
    }

    /// 0 when `port` could be bound on 127.0.0.1 (or ::1), else the errno.
    public static func probe(_ port: UInt16, ipv6: Bool) -> Int32 {
        let fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        return bind(fd, port: port, ipv6: ipv6) == 0 ? 0 : errno
    }

    /// Binds `fd` to `port` on 127.0.0.1 or ::1; the result of bind(2).
    public static func bind(_ fd: Int32, port: UInt16, ipv6: Bool) -> Int32 {
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            address.sin6_addr = in6addr_loopback
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}
