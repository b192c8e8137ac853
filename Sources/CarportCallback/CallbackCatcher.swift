import CarportCore
import FlyingSocks
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The loopback callback catcher (RFC 8252 §7.3): listens on 127.0.0.1 and ::1 at the redirect
/// URI's port, answers the redirect URI's path and the short URL `/`, and hands every callback's
/// query to `onCallback`. Each connection carries one request and must deliver its head within
/// `headDeadline`; at most `maximumConnections` are served at once.
public actor CallbackCatcher {
    public struct Settings: Sendable, Equatable {
        /// 0 picks a free port (tests).
        public var port: UInt16
        /// The redirect URI's path, e.g. `/callback`.
        public var callbackPath: String
        public var headDeadline: Duration
        public var maximumHeadBytes: Int
        public var maximumConnections: Int

        public init(
            port: UInt16, callbackPath: String, headDeadline: Duration = .seconds(5),
            maximumHeadBytes: Int = 8192, maximumConnections: Int = 16
        ) {
            self.port = port
            self.callbackPath = callbackPath.isEmpty ? "/" : callbackPath
            self.headDeadline = headDeadline
            self.maximumHeadBytes = maximumHeadBytes
            self.maximumConnections = maximumConnections
        }
    }

    public typealias CallbackHandler = @Sendable (String) async -> ConnectFlow.Decision

    let settings: Settings
    private let onCallback: CallbackHandler
    /// The listening sockets, 127.0.0.1 first.
    private var bound: [Socket] = []
    private var running: Task<Void, Never>?
    private var openConnections = 0
    private var draining = false
    /// The port actually bound (differs from `settings.port` when that is 0).
    public private(set) var port: UInt16 = 0
    /// Whether ::1 was bound too (false only on a host without IPv6 loopback).
    public private(set) var listensOnIPv6 = false

    public init(settings: Settings, onCallback: @escaping CallbackHandler) {
        self.settings = settings
        self.onCallback = onCallback
    }

    /// Binds both loopback addresses and returns the port. Throws a `CarportError` naming the
    /// port when it is taken. Nothing is answered until `serve`.
    public func bind() throws -> UInt16 {
        if bound.isEmpty { try bindBoth() }
        return port
    }

    /// Starts answering. `shortLink` is the short URL's secret path (`/c/…`) and where it
    /// redirects (the Connect URL), when there is one. Every other path answers 404.
    public func serve(shortLink: ShortLink?) async throws {
        guard running == nil else { return }
        _ = try bind()
        let pool: some AsyncSocketPool = .make()
        try await pool.prepare()
        let listeners = bound
        for listener in listeners { try listener.setFlags(.nonBlocking) }
        let connection = CatcherConnection(
            settings: settings, port: port, shortLink: shortLink,
            onCallback: onCallback)
        running = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { try? await pool.run() }
                for listener in listeners {
                    group.addTask { await self.accept(on: listener, pool: pool, connection) }
                }
            }
        }
    }

    /// Stops accepting, lets open connections finish their answer for up to `grace`, then closes
    /// everything and returns once no socket is left.
    public func stop(grace: Duration = .seconds(1)) async {
        draining = true
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: grace)
        while openConnections > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        running?.cancel()
        await running?.value
        running = nil
        for socket in bound { try? socket.close() }
        bound = []
    }

    /// How many connections are being served now.
    public var connectionCount: Int { openConnections }

    /// Accepts and marks each connection close-on-exec at once, so it does not leak into a program
    /// started meanwhile (FlyingSocks' own accept leaves that to the caller; Glibc's module does not
    /// offer `accept4`, so a window of a few instructions remains).
    private func accept(on listener: Socket, pool: some AsyncSocketPool, _ connection: CatcherConnection) async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let descriptor = Glibc.accept(listener.file.rawValue, nil, nil)
                if descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
                guard descriptor >= 0 else {
                    guard [EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED].contains(errno),
                        (try? await pool.suspendSocket(listener, untilReadyFor: .connection)) != nil
                    else { break }
                    continue
                }
                guard let socket = try? AsyncSocket(socket: Socket(file: .init(rawValue: descriptor)), pool: pool)
                else {
                    _ = close(descriptor)
                    continue
                }
                guard admit() else {
                    connection.refuseBusy(socket)
                    continue
                }
                group.addTask {
                    await connection.serve(socket)
                    await self.release()
                }
            }
            group.cancelAll()
        }
    }

    func adopt(_ sockets: [Socket], port: UInt16, ipv6: Bool) {
        bound = sockets
        self.port = port
        listensOnIPv6 = ipv6
    }

    private func admit() -> Bool {
        guard !draining, openConnections < settings.maximumConnections else { return false }
        openConnections += 1
        return true
    }

    private func release() { openConnections -= 1 }
}
