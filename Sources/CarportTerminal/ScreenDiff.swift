import CarportTUI

/// A run of cells on one row with one role: the unit the backend writes.
public struct Run: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var text: String
    public var role: Role

    public init(x: Int, y: Int, text: String, role: Role) {
        self.x = x
        self.y = y
        self.text = text
        self.role = role
    }
}

/// What changed between two frames, as runs of same-role cells (the whole frame when the size
/// changed or there was no previous frame).
public enum ScreenDiff {
    public static func runs(from old: ScreenBuffer?, to new: ScreenBuffer) -> [Run] {
        let full = old == nil || old!.size != new.size
        var runs: [Run] = []
        for y in 0..<new.size.height {
            var x = 0
            while x < new.size.width {
                guard full || old![x, y] != new[x, y] else {
                    x += 1
                    continue
                }
                let role = new[x, y].role
                var text = ""
                var end = x
                while end < new.size.width, new[end, y].role == role,
                    full || old![end, y] != new[end, y]
                        || new[end, y].character == nil
                {
                    if let c = new[end, y].character { text.append(c) }
                    end += 1
                }
                if end == x { end += 1 } // a lone continuation cell
                if !text.isEmpty { runs.append(Run(x: x, y: y, text: text, role: role)) }
                x = end
            }
        }
        return runs
    }
}
