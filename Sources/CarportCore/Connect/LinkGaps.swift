import Foundation

/// What Carport could not read from Smartcar yet for a stored connection. A link stores the
/// connection and its pair right after the code exchange (the code is spent by then), so a read
/// that fails afterwards leaves a gap instead of dropping the grant; `LinkReader` fills the gaps
/// in later (`carport refresh`, `carport show`, the UI's load).
public struct LinkGaps: Sendable, Equatable {
    /// One read of one vehicle that is still missing.
    public enum Part: String, Sendable, CaseIterable, Comparable {
        case attributes, permissions, vin

        public static func < (a: Part, b: Part) -> Bool { a.rawValue < b.rawValue }
    }

    /// `GET /user` not read: the stored Smartcar user id is `LinkGaps.unknownUser`.
    public var user: Bool
    /// `GET /vehicles` not read: which vehicles the grant reaches is unknown.
    public var vehicleList: Bool
    /// Per vehicle id, the reads still missing.
    public var vehicles: [String: Set<Part>]

    public init(user: Bool = false, vehicleList: Bool = false, vehicles: [String: Set<Part>] = [:]) {
        self.user = user
        self.vehicleList = vehicleList
        self.vehicles = vehicles.filter { !$0.value.isEmpty }
    }

    /// A connection just exchanged: nothing read yet.
    public static let everything = LinkGaps(user: true, vehicleList: true)

    /// Stored as the Smartcar user id until `/user` is read: the column requires a non-empty text,
    /// and `user` in the gaps says not to trust it.
    public static let unknownUser = "not read yet"

    public var isEmpty: Bool { !user && !vehicleList && vehicles.isEmpty }

    /// The stored form, e.g. `user vehicles` or `attributes:ID vin:ID`; nil when nothing is missing.
    public var text: String? {
        var words: [String] = []
        if user { words.append("user") }
        if vehicleList { words.append("vehicles") }
        for id in vehicles.keys.sorted() {
            words += vehicles[id]!.sorted().map { "\($0.rawValue):\(id)" }
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// Reads the stored form back; unknown words are ignored (a newer carport may write more).
    public init(text: String?) {
        self.init()
        for word in (text ?? "").split(separator: " ") {
            switch word {
            case "user": user = true
            case "vehicles": vehicleList = true
            default:
                let pieces = word.split(separator: ":", maxSplits: 1).map(String.init)
                guard pieces.count == 2, let part = Part(rawValue: pieces[0]) else { continue }
                vehicles[pieces[1], default: []].insert(part)
            }
        }
    }

    /// What is missing, for an operator, e.g. "the Smartcar user and the vehicle list".
    public var description: String {
        var items: [String] = []
        if user { items.append("the Smartcar user") }
        if vehicleList { items.append("the vehicle list") }
        for part in Part.allCases {
            let count = vehicles.values.filter { $0.contains(part) }.count
            guard count > 0 else { continue }
            let name = ["attributes": "attributes", "permissions": "permissions", "vin": "VIN"][part.rawValue]!
            items.append("the \(name) of \(count) vehicle\(count == 1 ? "" : "s")")
        }
        return items.count <= 1
            ? items.joined()
            : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// The note shown wherever a connection still has gaps.
    public func note(connectionId: String) -> String {
        "Not read from Smartcar yet: \(description). Run `carport refresh \(connectionId)` to read it."
    }
}
