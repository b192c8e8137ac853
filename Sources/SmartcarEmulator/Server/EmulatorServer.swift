import FlyingFox
import FlyingSocks
import Foundation

/// The HTTP edge: FlyingFox on `host:port`, translating to and from the emulator's own
/// request/response values. The only file that knows FlyingFox.
final class EmulatorServer: @unchecked Sendable {
    private let server: HTTPServer
    private let host: String
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var boundPort: UInt16 = 0

    init(config: EmulatorConfig, router: EmulatorRouter) throws {
        host = config.host
        let address = try sockaddr_in.inet(ip4: config.host, port: config.port)
        // Long timeout: the `slow` fault may hold an answer for minutes, as real commands do.
        server = HTTPServer(address: address, timeout: 900, pool: NoDelayPool(base: HTTPServer.defaultPool()),
                            logger: .disabled,
                            handler: ClosureHTTPHandler { request in
                                let answer = await router.handle(try await Self.translate(request))
                                return Self.translate(answer)
                            })
    }

    var baseURL: URL {
        URL(string: "http://\(host):\(lock.withLock { boundPort })")!
    }

    func start() async throws {
        let server = self.server
        let running = Task {
            do { try await server.run() } catch {}
        }
        lock.withLock { task = running }
        do {
            try await server.waitUntilListening(timeout: 10)
        } catch {
            running.cancel()
            throw error
        }
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            throw EmulatorError("the emulator could not read the port it listens on")
        }
        lock.withLock { boundPort = port }
    }

    func stop() async {
        await server.stop(timeout: 1)
        let running = lock.withLock { task }
        running?.cancel()
        await running?.value
    }

    private static func translate(_ request: HTTPRequest) async throws -> EmulatorRequest {
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        return EmulatorRequest(method: request.method.rawValue, path: request.target.path(percentEncoded: true),
                               rawQuery: request.target.query(percentEncoded: true), headers: headers,
                               body: try await request.bodyData)
    }

    private static func translate(_ response: EmulatorResponse) -> HTTPResponse {
        if response.drop { return HTTPResponse(webSocket: DropConnection()) }
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.addValue(value, for: HTTPHeader(name)) }
        let phrase = HTTPStatusCode.phrase(for: response.status)
        return HTTPResponse(statusCode: HTTPStatusCode(response.status, phrase: phrase), headers: headers,
                            body: response.body)
    }
}

/// Closes the connection before a single byte of the answer is written: FlyingFox asks a
/// WebSocket handler for its frames before it sends the upgrade response, so failing there
/// ends the connection silently (the "dropped connection" fault).
private struct DropConnection: WSHandler {
    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        throw EmulatorError("connection dropped on purpose")
    }
}

private extension HTTPStatusCode {
    static func phrase(for code: Int) -> String {
        switch code {
        case 200: "OK"
        case 302: "Found"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 429: "Too Many Requests"
        case 430: "Billing Limit"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        default: "Status"
        }
    }
}

/// A failure of the emulator itself (not an emulated Smartcar error).
public struct EmulatorError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
