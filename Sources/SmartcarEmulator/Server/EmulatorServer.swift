import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP edge: SwiftNIO's HTTP/1.1 server on `host:port`, one event loop, keep-alive and
/// pipelining, handing each request to the router (`EmulatorHTTPHandler`). The only place that
/// knows NIO besides that handler.
///
/// NIO rather than FlyingFox, which the catcher uses: the refresh benchmark (issue 4) needs an
/// emulator that answers thousands of token requests a second, and FlyingFox served about 14,000
/// empty 404s a second in a release build, before any emulator work.
final class EmulatorServer: @unchecked Sendable {
    private let host: String
    private let port: Int
    private let router: EmulatorRouter
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let answers = EmulatorAnswers()
    private let lock = NSLock()
    private var channel: Channel?
    private var stopped = false
    private var boundPort = 0

    init(config: EmulatorConfig, router: EmulatorRouter) throws {
        host = config.host
        port = Int(config.port)
        self.router = router
    }

    var baseURL: URL {
        let name = host.contains(":") ? "[\(host)]" : host
        return URL(string: "http://\(name):\(lock.withLock { boundPort })")!
    }

    func start() async throws {
        let router = self.router
        let answers = self.answers
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true).flatMap {
                    channel.pipeline.addHandler(EmulatorHTTPHandler(router: router, answers: answers))
                }
            }
        let listening: Channel
        do {
            listening = try await bootstrap.bind(host: host, port: port).get()
        } catch let error as IOError {
            throw EmulatorError(String(cString: strerror(error.errnoCode)))
        } catch {
            throw EmulatorError("\(error)")
        }
        guard let bound = listening.localAddress?.port else {
            try? await listening.close()
            throw EmulatorError("the emulator could not read the port it listens on")
        }
        lock.withLock {
            channel = listening
            boundPort = bound
        }
    }

    /// Stops listening and closes every connection. An emulator that is never stopped keeps its
    /// event-loop thread until the process ends.
    /// Stopping twice is harmless: the second call finds nothing to close.
    func stop() async {
        let (listening, first) = lock.withLock {
            defer { (channel, stopped) = (nil, true) }
            return (channel, !stopped)
        }
        guard first else { return }
        try? await listening?.close()
        await answers.stop()
        try? await group.shutdownGracefully()
    }
}

/// A failure of the emulator itself (not an emulated Smartcar error).
public struct EmulatorError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
