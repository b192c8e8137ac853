import Foundation

/// Durations as operators type them: `90s`, `10m`, `2h`, `7d`, `2w`, or combined (`1d12h`).
public enum DurationText {
    public static func parse(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var total: TimeInterval = 0
        var digits = ""
        var sawUnit = false
        for c in text.lowercased() {
            if c.isNumber {
                digits.append(c)
            } else if let unit = units[c], let n = Double(digits) {
                total += n * unit
                digits = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        return digits.isEmpty && sawUnit ? total : nil
    }
}
