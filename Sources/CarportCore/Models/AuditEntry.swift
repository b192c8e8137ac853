import Foundation

/// One line of the audit log: who did what to which connection or vehicle, and how it ended.
/// Never holds a secret; tokens appear only as keyed fingerprints.
public struct AuditEntry: Sendable, Equatable {
    public var at: Date
    /// The operating-system user who ran the command (`Carport.osUser`: with the operator's own name
    /// when they ran it through `sudo -u`).
    public var osUser: String
    /// The machine it ran on; nil for entries written before Carport recorded it.
    public var host: String?
    /// What was done: `connect`, `reauth`, `refresh`, `lock`, `unlock`, `disconnect`, `rekey`…
    public var action: String
    public var connectionId: String?
    public var vehicleId: String?
    /// `ok`, or a short failure kind.
    public var outcome: String
    /// Redacted detail for a person.
    public var detail: String?

    public init(
        at: Date, osUser: String, host: String? = AuditEntry.thisHost, action: String, connectionId: String? = nil,
        vehicleId: String? = nil, outcome: String, detail: String? = nil
    ) {
        self.at = at
        self.osUser = osUser
        self.host = host
        self.action = action
        self.connectionId = connectionId
        self.vehicleId = vehicleId
        self.outcome = outcome
        self.detail = detail
    }
}

extension AuditEntry {
    /// This machine's name (`gethostname`), read once: every entry says where it was written, so
    /// a store shared by several servers tells them apart.
    public static let thisHost: String = {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "unknown host" }
        let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? "unknown host" : text
    }()
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
