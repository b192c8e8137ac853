/// The name an operator most likely meant: the one of `names` that `typed` is a prefix of, else
/// the nearest by edit distance when it is at most two edits away.
public enum ClosestName {
    public static func to(_ typed: String, among names: [String]) -> String? {
        let text = typed.lowercased()
        if !text.isEmpty, let prefixed = names.first(where: { $0.hasPrefix(text) }) { return prefixed }
        let scored = names.map { (name: $0, distance: distance(text, $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= 2 else { return nil }
        return best.name
    }

    /// Levenshtein distance: insertions, deletions and substitutions, one each.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in b.indices {
                let substitution = previous[j] + (a[i - 1] == b[j] ? 0 : 1)
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
