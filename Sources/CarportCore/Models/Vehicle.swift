import Foundation

/// A vehicle linked through a connection.
public struct Vehicle: Sendable, Equatable, Identifiable {
    /// Smartcar's vehicle id.
    public var id: String
    public var connectionId: String
    public var make: String
    public var model: String
    public var year: Int
    /// Present only when `read_vin` was granted.
    public var vin: String?
    /// When Smartcar last listed the vehicle (Connect), or, for a v3 connection's vehicle, last
    /// answered a live read of it.
    public var lastSeenAt: Date?

    public init(
        id: String, connectionId: String, make: String, model: String, year: Int,
        vin: String? = nil, lastSeenAt: Date? = nil
    ) {
        self.id = id
        self.connectionId = connectionId
        self.make = make
        self.model = model
        self.year = year
        self.vin = vin
        self.lastSeenAt = lastSeenAt
    }

    /// The last six characters of the VIN, which is all the list shows.
    public var vinTail: String? { vin.map { String($0.suffix(6)) } }
}
