import Foundation
import NIOCore
import NIOHTTP1

/// One connection's requests: collects head and body, asks the router on a task, writes the
/// answer back on the event loop. NIO's pipelining helper holds later requests of the same
/// connection until this one is answered, so answers leave in order.
final class EmulatorHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Larger bodies get 413: nothing the emulator serves comes near it.
    static let maxBody = 1 << 20

    private let router: EmulatorRouter
    private let answers: EmulatorAnswers
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false

    init(router: EmulatorRouter, answers: EmulatorAnswers) {
        self.router = router
        self.answers = answers
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
            tooLarge = false
        case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > Self.maxBody { tooLarge = true }
            if !tooLarge { body.writeBuffer(&chunk) }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            if tooLarge {
                let answer = EmulatorResponse(
                    status: 413, headers: [("Content-Type", "text/plain")],
                    body: Data("Request body too large.\n".utf8))
                return write(answer, keepAlive: false, version: requestHead.version, context: context)
            }
            let request = Self.translate(requestHead, body: Data(body.readableBytesView))
            let keepAlive = requestHead.isKeepAlive
            let router = self.router
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            answers.start {
                let answer = await router.handle(request)
                // Stopping: the connection is being closed and the loop may be gone.
                guard !Task.isCancelled else { return }
                loop.execute {
                    let (handler, context) = bound.value
                    if answer.drop {
                        context.close(promise: nil)
                    } else {
                        handler.write(answer, keepAlive: keepAlive, version: requestHead.version, context: context)
                    }
                }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func write(
        _ answer: EmulatorResponse, keepAlive: Bool, version: HTTPVersion, context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders(answer.headers)
        headers.replaceOrAdd(name: "Content-Length", value: String(answer.body.count))
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: answer.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        if !answer.body.isEmpty {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: answer.body)))), promise: nil)
        }
        let sent = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { sent.whenComplete { _ in context.close(promise: nil) } }
    }

    private static func translate(_ head: HTTPRequestHead, body: Data) -> EmulatorRequest {
        var target = Substring(head.uri)
        // An absolute-form target (`http://host/path`) keeps only its path and query.
        if target.hasPrefix("http://") || target.hasPrefix("https://"),
            let slash = target.dropFirst(8).firstIndex(of: "/")
        {
            target = target[slash...]
        }
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [String: String] = [:]
        for (name, value) in head.headers where headers[name.lowercased()] == nil { headers[name.lowercased()] = value }
        return EmulatorRequest(
            method: head.method.rawValue, path: parts.first.map(String.init) ?? "/",
            rawQuery: parts.count > 1 ? String(parts[1]) : "", headers: headers, body: body)
    }
}
