import FlyingFox
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// FlyingFox's socket pool, setting two options on every socket it waits for:
/// - `TCP_NODELAY`: FlyingFox writes a response's head and body separately; with Nagle on, the
///   body waited for the client's delayed ACK and every answer took about 45 ms (measured:
///   22 requests/s, 2 ms with the option). Linux copies it from the listening socket to accepted
///   ones, and each connection gets it again when it waits.
/// - `FD_CLOEXEC`: FlyingSocks leaves it off, so a child process spawned meanwhile (tests,
///   `carport demo` opening a browser) would inherit the emulator's sockets and keep closed
///   connections open. (A socket accepted and answered without ever waiting can still slip
///   through; spawners should close descriptors ≥ 3 in the child, as ChildProcess does.)
struct NoDelayPool<Base: AsyncSocketPool>: AsyncSocketPool {
    let base: Base

    func prepare() async throws { try await base.prepare() }

    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        _ = fcntl(socket.file.rawValue, F_SETFD, FD_CLOEXEC)
        try? socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: Int32(TCP_NODELAY)))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
