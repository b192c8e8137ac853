import CarportCore
import Foundation

/// What the app needs from the rest of Carport, as closures the executable wires to the store,
/// the Smartcar client, the refresh engine and the connect flow. Every closure may be called
/// from any task; each throws `CarportError` (other errors are wrapped as `.internal`).
public struct AppPorts: Sendable {
    /// The store's change mark (read first), connections and vehicles.
    public var load: @Sendable () async throws -> (mark: Int64, connections: [ConnectionSummary], vehicles: [Vehicle])
    /// What other processes changed in the store since a mark (`ConnectionStore.changes`).
    public var changes: @Sendable (_ since: Int64) async throws -> StoreChanges
    /// Refreshes one connection now (through the refresh engine, so never twice) and says how it
    /// ended, with the row as stored afterwards. Throws when the refresh could not run at all.
    public var refresh: @Sendable (_ connectionId: String) async throws -> RefreshNews
    /// Lets the refresh engine refresh every due connection; returns each one it touched.
    public var refreshDue: @Sendable () async -> [String: Result<RefreshNews, CarportError>]
    public var liveData: @Sendable (_ vehicleId: String) async throws -> LiveData
    /// Sends lock or unlock; returns Smartcar's message. `accepted` is called when Smartcar took
    /// the command but it still runs (a v3 `202`), while the port follows it to its end.
    public var security:
        @Sendable (SecurityAction, _ vehicleId: String, _ accepted: @escaping @Sendable () -> Void) async throws
            -> String
    /// Revokes access to the vehicle at Smartcar and removes it from the store.
    public var disconnect: @Sendable (_ vehicleId: String) async throws -> Void
    /// Starts a Connect session with the form's choices and returns at once; the flow reports
    /// through `events` until `.linked` or `.failed`. The returned control takes a pasted redirect
    /// URL or cancels.
    public var connect:
        @Sendable (ConnectPurpose, ConnectChoices, _ events: @escaping @Sendable (ConnectEvent) -> Void) async throws
            -> ConnectControl
    /// Asks Smartcar whether the VIN is compatible with the configured permissions.
    public var compatibility: @Sendable (_ vin: String) async throws -> CompatibilityReport
    /// `carport demo` only; nil elsewhere, which also keeps the demo's keys off the screen.
    public var demo: DemoControls?
    /// The kinds of Smartcar application configured: with both, the connect form offers a choice.
    public var applicationKinds: [ApplicationKind]

    public init(
        load:
            @escaping @Sendable () async throws -> (mark: Int64, connections: [ConnectionSummary], vehicles: [Vehicle]),
        changes: @escaping @Sendable (Int64) async throws -> StoreChanges,
        refresh: @escaping @Sendable (String) async throws -> RefreshNews,
        refreshDue: @escaping @Sendable () async -> [String: Result<RefreshNews, CarportError>],
        liveData: @escaping @Sendable (String) async throws -> LiveData,
        security: @escaping @Sendable (SecurityAction, String, @escaping @Sendable () -> Void) async throws -> String,
        disconnect: @escaping @Sendable (String) async throws -> Void,
        connect:
            @escaping @Sendable (ConnectPurpose, ConnectChoices, @escaping @Sendable (ConnectEvent) -> Void)
            async throws -> ConnectControl,
        compatibility: @escaping @Sendable (String) async throws -> CompatibilityReport = { _ in
            throw CarportError(.usage, "Compatibility checks are not available here.")
        },
        demo: DemoControls? = nil, applicationKinds: [ApplicationKind] = []
    ) {
        self.applicationKinds = applicationKinds
        self.load = load
        self.changes = changes
        self.refresh = refresh
        self.refreshDue = refreshDue
        self.liveData = liveData
        self.security = security
        self.disconnect = disconnect
        self.connect = connect
        self.compatibility = compatibility
        self.demo = demo
    }
}

/// How a refresh ended, worded by the application layer (one mapping for the CLI and the UI).
public struct RefreshNews: Sendable, Equatable {
    /// The row as stored afterwards; nil when it is no longer in the store.
    public var connection: ConnectionSummary?
    /// The sentence for the status line, and its colour.
    public var message: String
    public var role: Role
    /// Set when the pair is not usable afterwards; the detail screen lists it.
    public var error: CarportError?

    public init(connection: ConnectionSummary?, message: String, role: Role, error: CarportError? = nil) {
        self.connection = connection
        self.message = message
        self.role = role
        self.error = error
    }
}

/// What only `carport demo` can do.
public struct DemoControls: Sendable {
    /// Moves the app's and the emulator's clocks forward.
    public var timeWarp: @Sendable (TimeInterval) async -> Void
    /// Approves the session behind `urls` in the emulator's Connect, signed in as the customer of
    /// `purpose`, as the customer's browser would. When the browser lands on a hosted callback page,
    /// it returns what the customer sends back (the page's address), which the screen pastes.
    public var approve: @Sendable (ConnectPurpose, ConnectURLs) async throws -> String?

    public init(
        timeWarp: @escaping @Sendable (TimeInterval) async -> Void,
        approve: @escaping @Sendable (ConnectPurpose, ConnectURLs) async throws -> String?
    ) {
        self.timeWarp = timeWarp
        self.approve = approve
    }
}

/// A running Connect session's handle.
public struct ConnectControl: Sendable {
    /// Offers a redirect URL the operator pasted; the flow answers with events.
    public var submitRedirect: @Sendable (String) async -> Void
    public var cancel: @Sendable () async -> Void

    public init(
        submitRedirect: @escaping @Sendable (String) async -> Void, cancel: @escaping @Sendable () async -> Void
    ) {
        self.submitRedirect = submitRedirect
        self.cancel = cancel
    }
}
