import CarportCore
import FlyingSocks
import Foundation

extension CallbackCatcher {
    /// Binds 127.0.0.1 and ::1 at one port. With port 0 the kernel picks it for 127.0.0.1 and ::1
    /// follows; if ::1 happens to hold that port, another one is tried.
    func bindBoth() throws {
        for _ in 0..<(settings.port == 0 ? 8 : 1) {
            let ip4 = try listen(try .inet(ip4: "127.0.0.1", port: settings.port), requested: settings.port)
            guard case .ip4(_, let bound) = try ip4.sockname() else { throw CarportError(.internal, "127.0.0.1 has no port.") }
            do {
                let ip6 = try listen(try .inet6(ip6: "::1", port: bound), requested: bound)
                adopt([ip4, ip6], port: bound, ipv6: true)
                return
            } catch SocketError.failed(_, let code, _) where code == EADDRNOTAVAIL || code == EAFNOSUPPORT {
                adopt([ip4], port: bound, ipv6: false)
                return
            } catch let error as CarportError where settings.port == 0 && error.kind == .usage {
                try? ip4.close()
            } catch {
                try? ip4.close()
                throw error
            }
        }
        throw CarportError(.internal, "No free port is available on both 127.0.0.1 and ::1.")
    }

    private func listen(_ address: some SocketAddress, requested: UInt16) throws -> Socket {
        let socket = try Socket(domain: Int32(type(of: address).family), type: .stream)
        do {
            try socket.setValue(true, for: .localAddressReuse)
            try socket.bind(to: address)
            try socket.listen(maxPendingConnection: 64)
            return socket
        } catch SocketError.failed(_, let code, _) where code == EADDRINUSE {
            try? socket.close()
            throw Self.portBusy(requested)
        } catch SocketError.failed(_, let code, let reason) where code != EADDRNOTAVAIL && code != EAFNOSUPPORT {
            try? socket.close()
            throw CarportError(.usage, """
                Cannot listen on localhost port \(requested): \(reason). Ports below 1024 need privileges; \
                use `--port N` after registering http://localhost:N/… as a redirect URI in the Smartcar dashboard.
                """)
        } catch {
            try? socket.close()
            throw error
        }
    }

    static func portBusy(_ port: UInt16) -> CarportError {
        CarportError(.usage, """
            Port \(port) is already in use on localhost, so the Connect callback cannot be caught there. \
            Another `carport connect` may still be waiting (finish or stop it), or another program holds \
            the port (`ss -ltnp 'sport = :\(port)'` shows which). Or use another port with `--port N` \
            after registering http://localhost:N/… as a redirect URI in the Smartcar dashboard.
            """)
    }
}
