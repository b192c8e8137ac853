import CarportCore
import FlyingSocks
import Foundation

/// One accepted connection: read one request head within the deadline, route it, answer, close.
struct CatcherConnection: Sendable {
    let settings: CallbackCatcher.Settings
    let port: UInt16
    let shortLink: ShortLink?
    let onCallback: CallbackCatcher.CallbackHandler

    private struct DeadlinePassed: Error {}

    func serve(_ socket: AsyncSocket) async {
        defer { try? socket.close() }
        let response: CatcherResponse
        do {
            response = try await withReadDeadline(settings.headDeadline, on: socket) { try await answer(socket) }
        } catch is DeadlinePassed {
            response = .page(status: 408, .refusedRequest("Too slow", "The request did not arrive in time."))
        } catch {
            return
        }
        // The answer is small and the socket fresh: it fits the send buffer, so this never waits long.
        _ = try? socket.socket.write(response.encoded)
        await lingeringClose(socket)
    }

    /// Ends the sending side, then reads and drops what the client still sends (at most 64 KiB,
    /// for at most a second), so closing with unread bytes does not reset the connection and
    /// destroy the answer before the client reads it.
    private func lingeringClose(_ socket: AsyncSocket) async {
        _ = shutdown(socket.socket.file.rawValue, Int32(SHUT_WR))
        _ = try? await withReadDeadline(.seconds(1), on: socket) {
            var drained = 0
            while drained < 65_536 {
                let chunk = try await socket.read(atMost: 4096)
                if chunk.isEmpty { break }
                drained += chunk.count
            }
        }
    }

    /// Runs `body`, which reads from `socket`. When `deadline` passes first, the socket's read side
    /// is shut, so the pending read ends through the socket pool's normal wake-up and `body`
    /// fails with `DeadlinePassed`. Cancelling the read instead would leave FlyingSocks to drop
    /// its registration later, from a detached task; a socket that reuses the descriptor in the
    /// meantime would never be woken (seen as 30 s stalls on a loaded machine).
    private func withReadDeadline<T: Sendable>(
        _ deadline: Duration, on socket: AsyncSocket,
        _ body: () async throws -> T
    ) async throws -> T {
        let descriptor = socket.socket.file.rawValue
        let timer = Task { () -> Bool in
            guard (try? await Task.sleep(for: deadline)) != nil else { return false }
            _ = shutdown(descriptor, Int32(SHUT_RD))
            return true
        }
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
        timer.cancel()
        // Awaited, so the timer never touches the descriptor after the caller closed it.
        let fired = await timer.value
        if case .failure = outcome, fired { throw DeadlinePassed() }
        return try outcome.get()
    }

    /// Over the connection cap: a short 503, written without waiting; what the client already
    /// sent is read and dropped (so the close does not reset the answer away), then close.
    func refuseBusy(_ socket: AsyncSocket) {
        let response = CatcherResponse.page(
            status: 503, .refusedRequest("Busy", "Too many connections at once; try again in a moment."))
        _ = try? socket.socket.write(response.encoded)
        _ = shutdown(socket.socket.file.rawValue, Int32(SHUT_WR))
        var drained = 0
        while drained < 65_536, let chunk = try? socket.socket.read(atMost: 4096), !chunk.isEmpty {
            drained += chunk.count
        }
        try? socket.close()
    }

    private func answer(_ socket: AsyncSocket) async throws -> CatcherResponse {
        do {
            let head = try RequestHead.parse(try await readHead(socket))
            return await route(head)
        } catch let refusal as RequestHead.Refusal {
            return .refusal(refusal)
        }
    }

    /// Bytes up to the blank line that ends the head; anything after it is ignored.
    private func readHead(_ socket: AsyncSocket) async throws -> [UInt8] {
        var buffer: [UInt8] = []
        let end: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
        var searchFrom = 0
        while true {
            let chunk = try await socket.read(atMost: 4096)
            if chunk.isEmpty { throw SocketError.disconnected }
            buffer += chunk
            if let range = buffer[max(0, searchFrom - 3)...].firstRange(of: end) {
                guard range.lowerBound <= settings.maximumHeadBytes else { throw Self.tooLarge }
                return Array(buffer[..<range.lowerBound])
            }
            guard buffer.count <= settings.maximumHeadBytes else { throw Self.tooLarge }
            searchFrom = buffer.count
        }
    }

    private static let tooLarge = RequestHead.Refusal(status: 431, reason: "The request head is too large.")

    func route(_ head: RequestHead) async -> CatcherResponse {
        let hosts = head.values(of: "host")
        guard hosts.count == 1, allowedHosts.contains(hosts[0].lowercased()) else {
            return .page(
                status: 403, .refusedRequest("Wrong address", "This page answers only at localhost:\(port)."))
        }
        guard head.method == "GET" else {
            return .page(status: 405, .refusedRequest("Method not allowed", "Only GET is served here."))
        }
        let query = head.query ?? ""
        if let shortLink, query.isEmpty, shortLink.matches(head.path) {
            return .redirect(to: shortLink.target)
        }
        guard (head.path.removingPercentEncoding ?? head.path) == settings.callbackPath else {
            return .page(status: 404, .notFound)
        }
        switch await onCallback(query) {
        case .accepted: return .page(status: 200, .connected)
        case .rejected(let rejection): return .page(status: 400, .refused(rejection))
        case .failed(let error): return .page(status: 200, .failed(error))
        }
    }

    /// What a browser sends for the loopback names; without a port only when it is 80.
    private var allowedHosts: Set<String> {
        let names = ["localhost", "127.0.0.1", "[::1]"]
        return Set(names.map { "\($0):\(port)" } + (port == 80 ? names : []))
    }
}
