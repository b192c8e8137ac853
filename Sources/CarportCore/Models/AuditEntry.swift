import Foundation

/// One line of the audit log: who did what to which connection or vehicle, and how it ended.
/// Never holds a secret; tokens appear only as keyed fingerprints.
public struct AuditEntry: Sendable, Equatable {
    public var at: Date
    /// The operating-system user who ran the command.
    public var osUser: String
    /// What was done: `connect`, `reauth`, `refresh`, `lock`, `unlock`, `disconnect`, `rekey`…
    public var action: String
    public var connectionId: String?
    public var vehicleId: String?
    /// `ok`, or a short failure kind.
    public var outcome: String
    /// Redacted detail for a person.
    public var detail: String?

    public init(
        at: Date, osUser: String, action: String, connectionId: String? = nil,
        vehicleId: String? = nil, outcome: String, detail: String? = nil
    ) {
        self.at = at
        self.osUser = osUser
        self.action = action
        self.connectionId = connectionId
        self.vehicleId = vehicleId
        self.outcome = outcome
        self.detail = detail
    }
}

/// A vehicle that a new connection took over from an older one.
public struct VehicleMove: Sendable, Equatable {
    public var vehicleId: String
    public var fromConnectionId: String
    public var fromCustomer: String
    public init(vehicleId: String, fromConnectionId: String, fromCustomer: String) {
        self.vehicleId = vehicleId
        self.fromConnectionId = fromConnectionId
        self.fromCustomer = fromCustomer
    }
}
