import CarportCore
import Foundation

/// The Connect screen: one Connect session, new or re-authentication, driven by the connect
/// flow's events.
public struct ConnectScreen: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Asking for the customer label (new connections only) and, optionally, the VIN.
        case naming(String)
        /// Asking Smartcar whether the VIN is compatible, before any link is made.
        case checking
        /// Showing the compatibility answer; the operator may drop permissions, then connect.
        case reviewing(CompatibilityReport)
        case starting
        case waiting
        case exchanging
        case linked(ConnectOutcome)
        case failed(CarportError)
    }

    public var purpose: ConnectPurpose
    public var phase: Phase
    public var urls: ConnectURLs?
    /// The paste box while it has the keys; nil when closed.
    public var paste: String?
    /// A rejected redirect or other passing notice.
    public var notice: String?
    public var startedAt: Date
    /// The form's optional VIN field, and whether it has the keys (Tab moves between fields).
    public var vin = ""
    public var editingVIN = false
    /// What the Connect request carries beyond the customer (permissions dropped, single-select).
    public var choices = ConnectChoices()

    public init(purpose: ConnectPurpose, phase: Phase, startedAt: Date) {
        self.purpose = purpose
        self.phase = phase
        self.startedAt = startedAt
    }
}

/// Where the customer goes: the short local URL, the full Connect URL, and the `ssh -L` hint
/// when the operator works over SSH.
public struct ConnectURLs: Sendable, Equatable {
    public var short: String
    public var full: String
    public var sshHint: String?
    public init(short: String, full: String, sshHint: String? = nil) {
        self.short = short
        self.full = full
        self.sshHint = sshHint
    }
}

public struct ConnectOutcome: Sendable, Equatable {
    public var connectionId: String
    public var customer: String
    public var vehicleCount: Int
    public var moves: [VehicleMove]
    /// What the operator must know beyond the count: a grant kept as a new connection, or what
    /// Smartcar has not answered yet.
    public var notes: [String]
    public init(
        connectionId: String, customer: String, vehicleCount: Int, moves: [VehicleMove] = [], notes: [String] = []
    ) {
        self.connectionId = connectionId
        self.customer = customer
        self.vehicleCount = vehicleCount
        self.moves = moves
        self.notes = notes
    }
}

/// What the connect flow reports while a session runs.
public enum ConnectEvent: Sendable, Equatable {
    case urlsReady(ConnectURLs)
    /// A callback or pasted URL was refused (wrong state, malformed); the session keeps waiting.
    case rejected(String)
    /// A valid code arrived; tokens and vehicles are being fetched.
    case exchanging
    case linked(ConnectOutcome)
    case failed(CarportError)
    /// The compatibility check of the form's VIN ended.
    case checked(Result<CompatibilityReport, CarportError>)
}
