/// The vehicle list's columns, in screen order. `1`–`9` sort by them.
public enum Column: Int, Sendable, CaseIterable {
    case customer, make, model, year, vin, access, runway, health, lastRefresh

    public var title: String {
        switch self {
        case .customer: "Customer"
        case .make: "Make"
        case .model: "Model"
        case .year: "Year"
        case .vin: "VIN"
        case .access: "Access"
        case .runway: "Runway"
        case .health: "Health"
        case .lastRefresh: "Last"
        }
    }

    /// Widths at 80 columns; extra width goes to the columns with a `flex` share.
    var minWidth: Int {
        switch self {
        case .customer: 11
        case .make: 8
        case .model: 8
        case .year: 4
        case .vin: 6
        case .access: 7
        case .runway: 6
        case .health: 12
        case .lastRefresh: 10
        }
    }

    var flex: Int {
        switch self {
        case .customer: 3
        case .make, .model: 1
        case .lastRefresh: 2
        default: 0
        }
    }

    var alignRight: Bool { self == .year || self == .access || self == .runway }

    /// Column widths for a screen `width` wide, one space between columns.
    static func widths(for width: Int) -> [Int] {
        let gaps = allCases.count - 1
        let base = allCases.map(\.minWidth)
        let extra = max(0, width - gaps - base.reduce(0, +))
        let shares = allCases.map(\.flex)
        let total = shares.reduce(0, +)
        var widths = zip(base, shares).map { $0 + extra * $1 / total }
        widths[0] += extra - zip(base, widths).map { $1 - $0 }.reduce(0, +)
        return widths
    }
}

/// The list's order: a column and a direction.
public struct SortOrder: Sendable, Equatable {
    public var column: Column
    public var ascending: Bool
    public init(column: Column, ascending: Bool) {
        self.column = column
        self.ascending = ascending
    }
}
