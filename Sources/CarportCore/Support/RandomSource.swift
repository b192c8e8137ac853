import Foundation

/// The one source of randomness (OAuth `state`, request ids, retry jitter).
public protocol RandomSource: Sendable {
    func bytes(_ count: Int) -> [UInt8]
    /// A uniformly distributed value in `0..<1`.
    func unit() -> Double
}

public struct SystemRandom: RandomSource {
    public init() {}

    public func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            var word: UInt64 = generator.next()
            for _ in 0..<min(8, count - out.count) {
                out.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return out
    }

    public func unit() -> Double {
        var generator = SystemRandomNumberGenerator()
        return Double.random(in: 0..<1, using: &generator)
    }
}

extension RandomSource {
    /// 256 random bits as URL-safe base64 without padding: an OAuth `state`.
    public func state() -> String {
        Data(bytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A random RFC 4122 version-4 UUID string (lower case).
    public func uuid() -> String {
        var b = bytes(16)
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        return [b[0..<4], b[4..<6], b[6..<8], b[8..<10], b[10..<16]].map(Hex.lower).joined(separator: "-")
    }
}
