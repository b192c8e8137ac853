import CarportCore
import Foundation

/// Vehicle indices in ascending order of one column, ties by index, and where each run of equal
/// keys starts, so the descending order keeps ties by index too (as the list always sorted).
struct SortedColumn: Sendable, Equatable {
    var indices: [Int32] = []
    var runStarts: [Int32] = []

    /// Every index in order; descending reverses the runs, not the ties within one.
    func forEach(ascending: Bool, _ body: (Int) -> Void) {
        if ascending {
            for index in indices { body(Int(index)) }
            return
        }
        var end = indices.count
        for start in runStarts.reversed() {
            for position in Int(start)..<end { body(Int(indices[position])) }
            end = Int(start)
        }
    }
}

extension FleetIndex {
    func sorted(by column: Column) -> SortedColumn {
        switch column {
        case .customer: sortedText { connection(ofVehicle: $0)?.customer.lowercased() ?? "" }
        case .make: sortedText { vehicles[$0].make.lowercased() }
        case .model: sortedText { vehicles[$0].model.lowercased() }
        case .vin: sortedText { vehicles[$0].vinTail ?? "" }
        case .year: sortedNumbers { Double(vehicles[$0].year) }
        case .access: sortedNumbers { Self.clock(connection(ofVehicle: $0), \.accessExpiresAt) }
        case .runway: sortedNumbers { Self.clock(connection(ofVehicle: $0), \.refreshExpiresAt) }
        case .health: SortedColumn() // changes with time: `State` orders it by severity
        case .lastRefresh: sortedNumbers { lastActivity(ofVehicle: $0) }
        }
    }

    /// A pair's clock; a v3 connection, which has none, after every pair (no expiry).
    static func clock(_ connection: ConnectionSummary?, _ time: KeyPath<TokenState, Date>) -> Double {
        guard let connection else { return 0 }
        return connection.state.tokens?[keyPath: time].timeIntervalSince1970 ?? .greatestFiniteMagnitude
    }

    /// The Last column's time: a pair's last refresh, a v3 connection's last read of the vehicle.
    func lastActivity(ofVehicle index: Int) -> Double {
        switch connection(ofVehicle: index)?.state {
        case .tokenPair(let tokens)?: tokens.lastRefresh?.attemptedAt.timeIntervalSince1970 ?? 0
        case .application?: vehicles[index].lastSeenAt?.timeIntervalSince1970 ?? 0
        case nil: 0
        }
    }

    private func sortedNumbers(_ key: (Int) -> Double) -> SortedColumn {
        let keys = vehicles.indices.map(key)
        var order = Array(Int32(0)..<Int32(vehicles.count))
        order.sort { a, b in
            let (ka, kb) = (keys[Int(a)], keys[Int(b)])
            return ka != kb ? ka < kb : a < b
        }
        return Self.runs(order) { keys[Int($0)] == keys[Int($1)] }
    }

    /// Text compared as UTF-8 bytes: the order of Swift's `<` for the normalised text Smartcar and
    /// operators send, at memcmp's speed.
    private func sortedText(_ key: (Int) -> String) -> SortedColumn {
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        starts.reserveCapacity(vehicles.count + 1)
        for index in vehicles.indices {
            bytes.append(contentsOf: key(index).utf8)
            starts.append(bytes.count)
        }
        bytes.append(0) // never empty, so the buffer has an address
        var order = Array(Int32(0)..<Int32(vehicles.count))
        return bytes.withUnsafeBytes { buffer in
            let base = buffer.baseAddress!
            func compare(_ a: Int32, _ b: Int32) -> Int32 {
                let (sa, la) = (starts[Int(a)], starts[Int(a) + 1] - starts[Int(a)])
                let (sb, lb) = (starts[Int(b)], starts[Int(b) + 1] - starts[Int(b)])
                let common = memcmp(base + sa, base + sb, min(la, lb))
                return common != 0 ? common : Int32(la - lb)
            }
            order.sort { a, b in
                let c = compare(a, b)
                return c != 0 ? c < 0 : a < b
            }
            return Self.runs(order) { compare($0, $1) == 0 }
        }
    }

    static func runs(_ order: [Int32], same: (Int32, Int32) -> Bool) -> SortedColumn {
        var starts: [Int32] = order.isEmpty ? [] : [0]
        for position in order.indices.dropFirst() where !same(order[position - 1], order[position]) {
            starts.append(Int32(position))
        }
        return SortedColumn(indices: order, runStarts: starts)
    }
}
