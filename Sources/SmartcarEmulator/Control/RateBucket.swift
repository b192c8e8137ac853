import Foundation

/// The app-wide token bucket behind `429 RATE_LIMIT:SMARTCAR_API` (docs/SMARTCAR.md §6.3).
struct RateBucket: Sendable {
    var config: RateBucketConfig
    var tokens: Double
    var updatedAt: Date

    init(config: RateBucketConfig, now: Date) {
        self.config = config
        self.tokens = Double(config.capacity)
        self.updatedAt = now
    }

    mutating func take(at now: Date) -> Bool {
        let minutes = max(0, now.timeIntervalSince(updatedAt)) / 60
        tokens = min(Double(config.capacity), tokens + minutes * config.refillPerMinute)
        updatedAt = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
