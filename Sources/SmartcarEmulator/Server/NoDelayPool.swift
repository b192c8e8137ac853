import FlyingFox
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// FlyingFox's socket pool with `TCP_NODELAY` on every socket it waits for. FlyingFox writes a
/// response's head and body separately; with Nagle on, the body waited for the client's delayed
/// ACK and every answer took about 45 ms (measured: 22 requests/s). Linux copies the option
/// from the listening socket to accepted ones, and each connection gets it again when it waits.
struct NoDelayPool<Base: AsyncSocketPool>: AsyncSocketPool {
    let base: Base

    func prepare() async throws { try await base.prepare() }

    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        try? socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: Int32(TCP_NODELAY)))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
