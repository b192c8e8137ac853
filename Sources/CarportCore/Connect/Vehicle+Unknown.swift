import Foundation

/// Attributes Smartcar sent that the store would refuse, or never sent, are kept as unknown so
/// that the vehicle (and the grant that reaches it) is still stored (docs/CODEBASE.md, glossary).
extension Vehicle {
    /// The year of a vehicle whose year is unknown or was out of range; stored as NULL.
    public static let unknownYear = 0

    /// The years the store accepts: the first car to 2200.
    public static let plausibleYears = 1886...2200

    /// This vehicle as it can be stored: an implausible year unknown, an empty VIN absent.
    public var stored: Vehicle {
        var copy = self
        if !Self.plausibleYears.contains(year) { copy.year = Self.unknownYear }
        if vin?.isEmpty == true { copy.vin = nil }
        return copy
    }

    /// The model year, or nil when it is unknown (stored as NULL, written as JSON null).
    public var plausibleYear: Int? { Self.plausibleYears.contains(year) ? year : nil }

    /// Why a vehicle has no VIN: a v3 connection's list gives none; a classic one lacked `read_vin`.
    public static func noVIN(_ kind: ApplicationKind) -> String {
        kind == .v3 ? "not listed (v3)" : "not granted (read_vin)"
    }

    /// The model year, or "?" when it is unknown.
    public var yearText: String { plausibleYear.map(String.init) ?? "?" }

    /// Make, model and year for a list or a report; "?" for what is unknown.
    public var title: String {
        [make.isEmpty ? "?" : make, model.isEmpty ? "?" : model, yearText].joined(separator: " ")
    }

    /// Stands for the vehicles of a connection that Smartcar has not listed yet (`LinkGaps`): the
    /// UI shows it as one row saying so. Never stored.
    public static func unread(connectionId: String) -> Vehicle {
        Vehicle(id: "", connectionId: connectionId, make: "", model: "", year: unknownYear)
    }

    public var isUnread: Bool { id.isEmpty }
}
