import CarportCore
import FlyingSocks
import Foundation

extension CallbackCatcher {
    /// Binds 127.0.0.1 and ::1 at one port. With port 0 the kernel picks it for 127.0.0.1 and ::1
    /// follows; if ::1 happens to hold that port, another one is tried.
    func bindBoth() throws {
        for _ in 0..<(settings.port == 0 ? 8 : 1) {
            let ip4 = try listen(try .inet(ip4: "127.0.0.1", port: settings.port), requested: settings.port)
            guard case .ip4(_, let bound) = try ip4.sockname() else {
                throw CarportError(.internal, "127.0.0.1 has no port.")
            }
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
        // Close-on-exec from the start: a program started meanwhile (the browser, a test's child
        // process) must not inherit the listener, or the port stays taken after the session.
        let descriptor = socket(
            Int32(type(of: address).family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError.makeFailed("Socket") }
        let socket = Socket(file: .init(rawValue: descriptor))
        do {
            try socket.setValue(true, for: .localAddressReuse)
            try socket.bind(to: address)
        } catch {
            try? socket.close()
            throw Self.bindFailure(error, port: requested)
        }
        // FlyingSocks closes the socket itself when listen fails.
        do {
            try socket.listen(maxPendingConnection: 64)
            return socket
        } catch {
            throw Self.bindFailure(error, port: requested)
        }
    }

    private static func bindFailure(_ error: any Error, port requested: UInt16) -> any Error {
        switch error {
        case SocketError.failed(_, let code, _) where code == EADDRINUSE:
            portBusy(requested)
        case SocketError.failed(_, let code, let reason) where code != EADDRNOTAVAIL && code != EAFNOSUPPORT:
            CarportError(
                .usage,
                """
                Cannot listen on localhost port \(requested): \(reason). Ports below 1024 need privileges; \
                use `--port N` after registering http://localhost:N/… as a redirect URI in the Smartcar dashboard.
                """)
        default:
            error
        }
    }

    static func portBusy(_ port: UInt16) -> CarportError {
        CarportError(
            .usage,
            """
            Port \(port) is already in use on localhost, so the Connect callback cannot be caught there. \
            Another `carport connect` may still be waiting (finish or stop it), or another program holds \
            the port (`ss -ltnp 'sport = :\(port)'` shows which). Or use another port with `--port N` \
            after registering http://localhost:N/… as a redirect URI in the Smartcar dashboard.
            """)
    }
}
