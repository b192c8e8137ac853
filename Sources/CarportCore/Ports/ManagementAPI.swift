import Foundation

/// Smartcar's own list of this application's connections, one per vehicle and user
/// (docs/SMARTCAR.md §5.8). SmartcarKit's live client implements it on the v2.0 Management API
/// with the application management token; a v3 application's `GET /v3/connections` lists the same
/// facts and can implement it too. Every method throws `CarportError`.
public protocol ManagementAPI: Sendable {
    /// One page of connections, newest first: the first page for a nil `cursor`, then the page
    /// after the cursor the previous one returned. The last page returns a nil cursor.
    func connections(after cursor: String?) async throws -> ManagedConnectionPage

    /// Ends the connections `selector` names at Smartcar; returns the ones removed.
    func deleteConnections(_ selector: ManagedConnectionSelector) async throws -> [ManagedConnection]
}

/// A vehicle connected to the application for one Smartcar user, as Smartcar lists it.
public struct ManagedConnection: Sendable, Equatable {
    public var vehicleId: String
    public var userId: String
    /// `live`, `simulated` or `test` as Smartcar spells it; nil when the answer carried none.
    public var mode: String?
    public var connectedAt: Date?

    public init(vehicleId: String, userId: String, mode: String? = nil, connectedAt: Date? = nil) {
        self.vehicleId = vehicleId
        self.userId = userId
        self.mode = mode
        self.connectedAt = connectedAt
    }
}

public struct ManagedConnectionPage: Sendable, Equatable {
    public var connections: [ManagedConnection]
    /// Where the next page starts; nil on the last page.
    public var cursor: String?

    public init(connections: [ManagedConnection], cursor: String?) {
        self.connections = connections
        self.cursor = cursor
    }
}

/// What one delete names: every connection of a vehicle, or every connection of a user (the SDKs
/// send exactly one of the two).
public enum ManagedConnectionSelector: Sendable, Equatable {
    case vehicle(String)
    case user(String)
}
