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
        try await exchange(
            "GET \(target) HTTP/1.1\r\nHost: \(host ?? "localhost:\(port)")\r\n\r\n",
            port: port, family: family)
    }

    static func connect(port: UInt16, family: Family = .ip4) async throws -> AsyncSocket {
        switch family {
        // A generous timeout: on a loaded machine (2 cores, several builds) scheduling alone can take seconds.
        case .ip4:
            try await AsyncSocket.connected(to: try .inet(ip4: "127.0.0.1", port: port), pool: .client, timeout: 30)
        case .ip6: try await AsyncSocket.connected(to: try .inet6(ip6: "::1", port: port), pool: .client, timeout: 30)
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

/// Listening TCP sockets as the kernel reports them (/proc/net/tcp and tcp6), matched to the
/// processes that hold them: a check that cannot be fooled by another program taking the port.
enum Listeners {
    /// Whether any of `pids` holds a listening socket on `port` (127.0.0.1, ::1 or any address).
    static func held(on port: UInt16, by pids: [pid_t] = [getpid()]) -> Bool {
        let inodes = listeningInodes(port: port)
        guard !inodes.isEmpty else { return false }
        return pids.contains { pid in
            let dir = "/proc/\(pid)/fd"
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            return fds.contains { fd in
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/\(fd)"),
                    target.hasPrefix("socket:[")
                else { return false }
                return inodes.contains(String(target.dropFirst("socket:[".count).dropLast()))
            }
        }
    }

    private static func listeningInodes(port: UInt16) -> Set<String> {
        var inodes = Set<String>()
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the inode.
                guard fields.count > 9, fields[3] == "0A",
                    let local = fields[1].split(separator: ":").last, UInt16(local, radix: 16) == port
                else { continue }
                inodes.insert(String(fields[9]))
            }
        }
        return inodes
    }
}
