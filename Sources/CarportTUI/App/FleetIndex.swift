import CarportCore
import Foundation

/// What the list is drawn from, built once per load away from the UI thread so that a keystroke
/// over 100,000 vehicles only walks arrays (docs/CODEBASE.md, "Fleet scale"): the connections in
/// slots and each vehicle's slot for the first frame; then (`FleetLookups`) the folded search text
/// and the sort order of every column whose order does not change with time.
public struct FleetIndex: Sendable, Equatable {
    /// The vehicles, without `Vehicle.unread` placeholders.
    public private(set) var vehicles: [Vehicle] = []
    /// The store's change mark read before this fleet was (`ConnectionStore.changeMark`).
    public var changeMark: Int64 = 0
    /// Each slot's vehicle indices, built by `vehicles(ofConnection:)` when first needed.
    private var slotVehicles: [[Int]] = []
    private(set) var summaries: [ConnectionSummary] = []
    private var slots: [String: Int] = [:]
    /// Each vehicle's index in `vehicles`, by id: built with the lookups after the first frame.
    private var vehicleIndices: [String: Int]?
    /// The slot of each vehicle's connection, or -1 when it is missing.
    private(set) var owner: [Int32] = []
    /// Each slot's last refresh outcome as its position in `outcomeCodes`.
    private(set) var outcomes: [UInt8] = []
    /// How many vehicles each slot's connection has.
    private(set) var vehicleCounts: [Int] = []
    /// Slots of the connections whose vehicles are not read yet, by customer: one row each.
    private(set) var unread: [Int] = []
    /// The filter's text: built in the background after the first frame, or when first needed.
    private var search: SearchText?
    /// Vehicle indices in ascending order of a column (ties by index), for the columns kept here:
    /// filled in the background after the first frame (`FleetLookups`), or when first needed.
    private var orders: [Column: SortedColumn] = [:]
    /// The columns a refresh changed since the load: a background order for them is out of date.
    private var changedColumns: Set<Column> = []
    /// Which load of the store this is (`FleetLookups` belong to one).
    public internal(set) var load = 0

    public init() {}

    /// A `Vehicle.unread` placeholder in `vehicles` stands for a connection whose vehicles are not
    /// known yet; it becomes that connection's one row, not a vehicle.
    public init(connections: [ConnectionSummary], vehicles all: [Vehicle]) {
        summaries = connections
        slots.reserveCapacity(connections.count)
        for (slot, connection) in connections.enumerated() { slots[connection.id] = slot }
        vehicleCounts = Array(repeating: 0, count: connections.count)
        outcomes = connections.map { Self.code(of: $0) }
        var waiting: [Int] = []
        vehicles.reserveCapacity(all.count)
        owner.reserveCapacity(all.count)
        for vehicle in all {
            let slot = slots[vehicle.connectionId] ?? -1
            if vehicle.isUnread {
                if slot >= 0 { waiting.append(slot) }
                continue
            }
            if slot >= 0 { vehicleCounts[slot] += 1 }
            vehicles.append(vehicle)
            owner.append(Int32(slot))
        }
        unread = Set(waiting.filter { vehicleCounts[$0] == 0 }).sorted {
            (connections[$0].customer.lowercased(), connections[$0].id)
                < (connections[$1].customer.lowercased(), connections[$1].id)
        }
    }

    /// A last refresh's outcome (nil: never) by its code in `outcomes`.
    static let outcomeCodes: [RefreshRecord.Outcome?] = [nil] + RefreshRecord.Outcome.allCases.map(Optional.some)

    static func code(of connection: ConnectionSummary) -> UInt8 {
        UInt8(outcomeCodes.firstIndex(of: connection.state.tokens?.lastRefresh?.outcome)!)
    }

    /// The same fleet (the derived orders and the load number aside).
    public static func == (a: FleetIndex, b: FleetIndex) -> Bool {
        a.vehicles == b.vehicles && a.summaries == b.summaries && a.unread == b.unread
    }

    /// The search text and every column's order, for `adopt`: a few hundred milliseconds at
    /// 100,000 vehicles, so the effect runner computes them after the first frame, off the UI thread.
    public func lookups() -> FleetLookups {
        FleetLookups(
            load: load, search: search ?? buildSearch(),
            vehicleIndices: Dictionary(
                vehicles.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first }),
            columns: Dictionary(
                uniqueKeysWithValues: Column.allCases.filter { $0 != .health }.map { ($0, sorted(by: $0)) }))
    }

    /// Takes what was computed for this load, except orders a refresh has changed since.
    mutating func adopt(_ computed: FleetLookups) {
        guard computed.load == load else { return }
        if search == nil { search = computed.search }
        if vehicleIndices == nil { vehicleIndices = computed.vehicleIndices }
        for (column, order) in computed.columns where !changedColumns.contains(column) && orders[column] == nil {
            orders[column] = order
        }
    }

    /// The filter's text, built now if the background has not delivered it yet.
    mutating func searchText() -> SearchText {
        if let search { return search }
        let built = buildSearch()
        search = built
        return built
    }

    private func buildSearch() -> SearchText {
        var text = SearchText()
        for (index, vehicle) in vehicles.enumerated() {
            let customer = connection(ofVehicle: index)?.customer ?? ""
            text.append([customer, vehicle.make, vehicle.model, String(vehicle.year), vehicle.vin ?? vehicle.id])
        }
        return text
    }

    public var connectionCount: Int { summaries.count }

    public subscript(connection id: String) -> ConnectionSummary? { slots[id].map { summaries[$0] } }

    func slot(of id: String) -> Int? { slots[id] }

    /// The index in `vehicles` of the vehicle `id`; a scan until the lookups have arrived.
    func index(ofVehicle id: String) -> Int? {
        guard let vehicleIndices else { return vehicles.firstIndex { $0.id == id } }
        return vehicleIndices[id]
    }

    /// Whether the connection `id` is listed as "vehicles not read yet".
    func isUnread(_ id: String) -> Bool { slots[id].map(unread.contains) ?? false }

    /// The connection of the vehicle at `index`.
    func connection(ofVehicle index: Int) -> ConnectionSummary? {
        let slot = owner[index]
        return slot >= 0 ? summaries[Int(slot)] : nil
    }

    /// A connection as stored after a refresh. The orders of the columns it can change are dropped
    /// and rebuilt when next needed (`order(of:)`).
    mutating func update(_ connection: ConnectionSummary) {
        guard let slot = slots[connection.id] else { return }
        summaries[slot] = connection
        outcomes[slot] = Self.code(of: connection)
        for column in [Column.access, .runway, .lastRefresh] {
            orders[column] = nil
            changedColumns.insert(column)
        }
    }

    /// The kind of the vehicle's connection.
    func kind(ofVehicle id: String) -> ApplicationKind? {
        index(ofVehicle: id).flatMap(connection(ofVehicle:))?.kind
    }

    /// A v3 vehicle answered a live read at `date` (its Last column).
    mutating func markRead(vehicleId: String, at date: Date) {
        guard let index = index(ofVehicle: vehicleId), vehicles[index].lastSeenAt != date else { return }
        vehicles[index].lastSeenAt = date
        orders[.lastRefresh] = nil
        changedColumns.insert(.lastRefresh)
    }

    /// The vehicles of connection `id`, sorted by id; the per-connection lists are built on the
    /// first call after a load (one pass), for the change feed.
    mutating func vehicles(ofConnection id: String) -> [Vehicle] {
        guard let slot = slots[id] else { return [] }
        if slotVehicles.isEmpty {
            slotVehicles = Array(repeating: [], count: summaries.count)
            for (index, owner) in owner.enumerated() where owner >= 0 { slotVehicles[Int(owner)].append(index) }
        }
        return slotVehicles[slot].map { vehicles[$0] }.sorted { $0.id < $1.id }
    }

    /// The ascending order of `column` (not health, which changes with time: `State` sorts it).
    mutating func order(of column: Column) -> SortedColumn {
        if let known = orders[column] { return known }
        let order = sorted(by: column)
        orders[column] = order
        return order
    }
}

/// The search text, vehicle index by id and sort orders of one load of the fleet (`FleetIndex.lookups`).
public struct FleetLookups: Sendable, Equatable {
    let load: Int
    let search: SearchText
    let vehicleIndices: [String: Int]
    let columns: [Column: SortedColumn]
}
