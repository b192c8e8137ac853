/// A row of the vehicle list: a vehicle (by index into `State.vehicles`) or, when grouped, the
/// heading of a connection.
public enum ListRow: Sendable, Equatable {
    case vehicle(Int)
    case connection(id: String, count: Int)
}

/// Filter text over all columns, optionally inverted.
public struct ListFilter: Sendable, Equatable {
    public var text: String
    public var inverted: Bool
    public init(text: String = "", inverted: Bool = false) {
        self.text = text
        self.inverted = inverted
    }
    public var isActive: Bool { !text.isEmpty }
}
