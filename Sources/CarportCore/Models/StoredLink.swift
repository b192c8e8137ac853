import Foundation

/// One stored vehicle with its connection, as `carport reconcile` compares the store with
/// Smartcar's list of connections: the connection's summary and Smartcar user, and the vehicle
/// (nil for a connection that holds none). Read without opening a sealed value.
public struct StoredLink: Sendable, Equatable {
    public var connection: ConnectionSummary
    public var smartcarUserId: String
    public var vehicle: Vehicle?

    public init(connection: ConnectionSummary, smartcarUserId: String, vehicle: Vehicle?) {
        self.connection = connection
        self.smartcarUserId = smartcarUserId
        self.vehicle = vehicle
    }
}
