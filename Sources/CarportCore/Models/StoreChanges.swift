/// What changed in a store after a mark (`ConnectionStore.changes(since:limit:)`): the connections
/// written since, as stored now, with all their vehicles, and the mark to ask from next time.
public struct StoreChanges: Sendable, Equatable {
    public var mark: Int64
    public var connections: [ConnectionSummary]
    public var vehicles: [Vehicle]
    /// More connections changed than the limit: reading the store again is cheaper than applying
    /// them one by one (`connections` and `vehicles` are then empty).
    public var overflow: Bool

    public init(mark: Int64, connections: [ConnectionSummary] = [], vehicles: [Vehicle] = [], overflow: Bool = false) {
        self.mark = mark
        self.connections = connections
        self.vehicles = vehicles
        self.overflow = overflow
    }
}
