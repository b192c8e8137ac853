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
    /// The form's optional VIN and country fields, and which field has the keys (Tab moves on).
    public var vin = ""
    public var country = ""
    /// Other Connect flags as typed: `name:value`, separated by spaces.
    public var flags = ""
    public var field = FormField.customer
    /// What the Connect request carries beyond the customer (permissions dropped, single-select).
    public var choices = ConnectChoices()
    /// The kinds of application configured; with both, the form has a Kind field.
    public var kinds: [ApplicationKind] = []
    /// Whether the Connect URL's QR code is shown when the terminal has room; nil until `c` is
    /// pressed (`codeShown`).
    public var showsCode: Bool?

    /// Shown by default with a hosted callback page, whose customer is on a phone: with the
    /// catcher, the customer's browser must reach this machine, and the short URL (which the code
    /// would narrow and wrap) is the way in. `c` shows or hides it either way.
    public var codeShown: Bool { showsCode ?? (urls?.hostedPage != nil) }

    public init(purpose: ConnectPurpose, phase: Phase, startedAt: Date) {
        self.purpose = purpose
        self.phase = phase
        self.startedAt = startedAt
    }
}

/// The new-connection form's fields, in Tab order.
public enum FormField: Sendable, Equatable, CaseIterable {
    /// `kind` is offered only when both kinds of application are configured.
    case customer, vin, country, flags, kind
}

/// Where the customer goes: the short local URL, the full Connect URL and its QR code, the
/// `ssh -L` hint when the operator works over SSH, and the team's hosted callback page when the
/// redirect URI is one (`HostedPageGuide`).
public struct ConnectURLs: Sendable, Equatable {
    public var short: String
    public var full: String
    public var sshHint: String?
    public var qrCode: QRCode?
    public var hostedPage: String?
    public init(
        short: String, full: String, sshHint: String? = nil, qrCode: QRCode? = nil, hostedPage: String? = nil
    ) {
        self.short = short
        self.full = full
        self.sshHint = sshHint
        self.qrCode = qrCode
        self.hostedPage = hostedPage
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
