import CarportCallback
import CarportCore
import FlyingSocks
import Foundation

/// Speaks raw bytes to the catcher, so tests can send what no HTTP client would.
enum RawHTTP {
    enum Family { case ip4, ip6 }

    /// Sends `bytes`, then reads until the catcher closes the connection.
    static func exchange(_ bytes: [UInt8], port: UInt16, family: Family = .ip4) async throws -> String {
        let socket = try await connect(port: port, family: family)
        defer { try? socket.close() }
        try await socket.write(Data(bytes))
        return try await readToEnd(socket)
    }

    static func exchange(_ text: String, port: UInt16, family: Family = .ip4) async throws -> String {
        try await exchange(Array(text.utf8), port: port, family: family)
    }

    static func get(_ target: String, port: UInt16, host: String? = nil, family: Family = .ip4) async throws -> String {
        try await exchange("GET \(target) HTTP/1.1\r\nHost: \(host ?? "localhost:\(port)")\r\n\r\n",
                           port: port, family: family)
    }

    static func connect(port: UInt16, family: Family = .ip4) async throws -> AsyncSocket {
        switch family {
        case .ip4: try await AsyncSocket.connected(to: try .inet(ip4: "127.0.0.1", port: port), pool: .client)
        case .ip6: try await AsyncSocket.connected(to: try .inet6(ip6: "::1", port: port), pool: .client)
        }
    }

    static func readToEnd(_ socket: AsyncSocket) async throws -> String {
        var received: [UInt8] = []
        while true {
            do {
                let chunk = try await socket.read(atMost: 4096)
                if chunk.isEmpty { break }
                received += chunk
            } catch SocketError.disconnected {
                break
            }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// The status code of a raw response, or nil when the catcher answered nothing.
    static func status(_ response: String) -> Int? {
        let parts = response.split(separator: " ", maxSplits: 2)
        return parts.count >= 2 ? Int(parts[1]) : nil
    }
}

/// A free port below the kernel's ephemeral range (32768 and up here), picked at random: no
/// `bind(0)` or outgoing connection elsewhere in the test process can take it between a test's
/// binds, so "nothing listens here any more" is a sound check.
func quietPort() async throws -> UInt16 {
    for _ in 0..<50 {
        let port = UInt16.random(in: 20_000..<32_000)
        let probe = CallbackCatcher(settings: .init(port: port, callbackPath: "/"), onCallback: { _ in
            .rejected(ConnectFlow.Rejection("probe"))
        })
        if (try? await probe.bind()) != nil {
            await probe.stop(grace: .zero)
            return port
        }
    }
    throw CarportError(.internal, "no free port in 20000..<32000")
}
