import Foundation

extension Duration {
    /// This duration in seconds, as `TimeInterval`.
    public var seconds: TimeInterval {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
