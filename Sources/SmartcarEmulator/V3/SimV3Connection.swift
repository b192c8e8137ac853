import CarportCore
import Foundation

/// One vehicle of one user connected to the v3 app (docs/SMARTCAR.md §10.4): its own id, distinct
/// from the vehicle's and the user's.
struct SimV3Connection: Sendable {
    var id: String
    var userId: String
    var vehicleId: String
    var permissions: [String]
    var mode: ConnectMode
    var createdAt: Date
}

/// A long-running lock or unlock: the car changes when it completes.
struct PendingLockCommand: Sendable {
    var lock: Bool
    var completesAt: Date
}

/// A v3 user with connected vehicles, made without Connect (tests, the demo).
public struct SeededV3Connection: Sendable, Codable, Equatable {
    public var userId: String
    public var vehicleIds: [String]
    /// One connection per vehicle, in the order of `vehicleIds`.
    public var connectionIds: [String]
}
