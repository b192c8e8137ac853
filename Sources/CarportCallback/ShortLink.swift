import CarportCore
import Foundation

/// The short local URL that leads to one session's Connect URL: `http://localhost:PORT/c/TOKEN`.
/// The Connect URL carries the session's `state`, the only guard of the callback (Smartcar has no
/// PKCE), and any user on the machine can reach a loopback port; so the short URL's path holds
/// 128 random bits, compared in constant time, and `/` or any other path answers 404.
public struct ShortLink: Sendable, Equatable {
    /// `/c/` and 32 hex characters.
    public let path: String
    public let target: URL

    public init(target: URL, random: any RandomSource) {
        path = "/c/" + Hex.lower(random.bytes(16))
        self.target = target
    }

    func matches(_ requestPath: String) -> Bool {
        ConnectFlow.constantTimeEqual(Array(requestPath.utf8), Array(path.utf8))
    }

    public func url(port: UInt16) -> URL {
        URL(string: "http://localhost:\(port)\(path)")!
    }
}
