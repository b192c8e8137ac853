import CarportCore
import Foundation

/// The whole app as a value. `reduce` changes it; `render` draws it.
public struct State: Sendable, Equatable {
    public var now: Date
    public var readOnly: Bool
    /// `carport demo`: the clocks can move (`w`/`W`) and the customer's approval can be simulated (`A`).
    public var isDemo = false
    /// The kinds of Smartcar application configured (`AppPorts.applicationKinds`).
    public var applicationKinds: [ApplicationKind] = []
    public var policy: HealthPolicy
    /// Rows and cursor movement need the screen size; `.resized` keeps it current.
    public var size: Size

    /// The store's connections and vehicles, indexed for the list (`FleetIndex`).
    public internal(set) var fleet = FleetIndex()
    /// Health per connection slot of `fleet` at `now`, as its position in `Health.severityOrder`
    /// (an array read, no hashing, in the list's per-vehicle loops); kept current by `.tick`.
    var slotRank: [UInt8] = []
    /// Vehicles per health state, over all vehicles; kept with the health.
    public internal(set) var healthCounts: [Health: Int] = [:]
    public var loaded = false

    public var sort = SortOrder(column: .health, ascending: true)
    public var filter = ListFilter()
    public var grouped = false
    /// Derived from vehicles, health, sort, filter and grouping; rebuilt only when one changes.
    public internal(set) var rows: [ListRow] = []
    public var cursor = 0
    public var scroll = 0

    public var screen: Screen = .list
    public var overlay: Overlay?
    public var status: StatusLine?

    /// A lock or unlock waiting for Smartcar's answer, which can take minutes; `s` stops waiting.
    public var running: RunningCommand?
    /// `q` was pressed while `running`: quit once its result (and audit line) is in.
    public var quitWhenStopped = false
    /// Connection ids with a refresh in flight.
    public var refreshing: Set<String> = []
    public var autoRefreshRunning = false
    public var nextAutoRefresh: Date
    /// The next time to ask the store what other processes changed, and whether that is asked now.
    public var nextChangePoll: Date
    public var pollingChanges = false
    /// The last errors per connection id or vehicle id, newest last.
    public var errors: [String: [CarportError]] = [:]
    public var liveData: [String: LiveDataState] = [:]

    /// How often the app asks the refresh engine to refresh what is due.
    public static let autoRefreshInterval: TimeInterval = 30
    /// How often the store's change feed is read: other operators' changes show within this.
    public static let changePollInterval: TimeInterval = 2
    /// More changed connections than this at once are read by reloading the fleet.
    public static let changesApplied = 500
    public static let errorsKept = 3

    public init(
        now: Date, readOnly: Bool = false, policy: HealthPolicy = .standard,
        size: Size = Size(width: 80, height: 24)
    ) {
        self.now = now
        self.readOnly = readOnly
        self.policy = policy
        self.size = size
        nextAutoRefresh = now
        nextChangePoll = now.addingTimeInterval(Self.changePollInterval)
    }
}

public enum Screen: Sendable, Equatable {
    case list
    case detail(vehicleId: String)
    case connect(ConnectScreen)
}

/// What sits on top of the screen and takes the keys first.
public enum Overlay: Sendable, Equatable {
    case help(scroll: Int)
    /// `/` was pressed: keys edit the filter.
    case filterInput
    /// A yes/no question before lock or unlock.
    case confirm(Confirmation)
    /// Disconnect: the operator types the end of the VIN.
    case typedConfirm(TypedConfirmation)
}

public struct Confirmation: Sendable, Equatable {
    public var action: SecurityAction
    public var vehicleId: String
    public var question: String
}

public struct TypedConfirmation: Sendable, Equatable {
    public var vehicleId: String
    /// What must be typed: the VIN's end (`VINConfirmation`, shared with `carport disconnect`).
    public var rule: VINConfirmation
    public var typed: String
    /// The vehicle as the question names it.
    public var what: String

    public var expected: String { rule.expected }
}

public struct RunningCommand: Sendable, Equatable {
    public var action: SecurityAction
    public var vehicleId: String
    public var startedAt: Date
    /// Smartcar accepted it and it still runs (a v3 `202`); Carport follows the lock status.
    public var accepted = false
}

public struct StatusLine: Sendable, Equatable {
    public var text: String
    public var role: Role
    public var at: Date
    /// How long a status line stays.
    public static let lifetime: TimeInterval = 8
}

public enum LiveDataState: Sendable, Equatable {
    case loading
    case loaded(LiveData)
    case failed(CarportError)
}
