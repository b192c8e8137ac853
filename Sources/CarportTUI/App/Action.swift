import CarportCore
import Foundation

/// Everything that can happen to the app: keys from the operator, time, and results of effects.
public enum Action: Sendable, Equatable {
    case key(Key)
    case resized(Size)
    /// The clock moved on; the runtime sends it about once a second.
    case tick(Date)
    /// The store's contents, after start-up or a change.
    /// The store read, indexed away from the UI thread.
    case loaded(FleetIndex)
    /// The loaded fleet's search text and sort orders, computed after the first frame.
    case indexed(FleetLookups)
    case loadFailed(CarportError)
    /// A refresh of one connection ended (or could not run).
    case refreshed(connectionId: String, Result<RefreshNews, CarportError>)
    /// The refresh engine finished a pass over due connections.
    case autoRefreshFinished([String: Result<RefreshNews, CarportError>])
    case liveData(vehicleId: String, Result<LiveData, CarportError>)
    /// What the store's change feed said (`Effect.pollChanges`).
    case changed(Result<StoreChanges, CarportError>)
    /// Smartcar accepted the running command but it has not finished (a v3 `202`).
    case commandAccepted(vehicleId: String)
    case securityDone(vehicleId: String, SecurityAction, Result<String, CarportError>)
    /// `error` is nil when the vehicle was disconnected.
    case disconnected(vehicleId: String, error: CarportError?)
    case connect(ConnectEvent)
    case copied(Bool)
    /// The demo's clocks moved forward by this many seconds.
    case timeWarped(TimeInterval)
}

/// What the app asks the runtime to do. Effects are values; the runtime performs them and
/// sends their results back as actions.
public enum Effect: Sendable, Equatable {
    case quit
    case reload
    /// Ask the store what other processes changed since the loaded fleet's mark.
    case pollChanges(since: Int64)
    case refresh(connectionId: String)
    /// Ask the refresh engine to refresh every connection that is due (never twice at once).
    case refreshDue
    case startConnect(ConnectPurpose, ConnectChoices = ConnectChoices())
    /// Ask Smartcar whether this VIN is compatible; the answer comes back as a Connect event.
    case checkCompatibility(vin: String)
    case submitRedirect(String)
    case cancelConnect
    case fetchLiveData(vehicleId: String)
    case security(SecurityAction, vehicleId: String)
    /// Stop waiting for the running lock or unlock: its task is cancelled.
    case stopWaiting
    case disconnect(vehicleId: String)
    /// Put text on the operator's clipboard with OSC 52.
    case copyToClipboard(String)
    /// Demo only: move the app's and the emulator's clocks forward.
    case timeWarp(TimeInterval)
    /// Demo only: approve in the emulator's Connect as the customer would.
    case simulateApproval(ConnectPurpose, ConnectURLs)
}

extension Action {
    /// `.loaded` from the store's rows (indexed here, on the caller's thread).
    public static func loaded(connections: [ConnectionSummary], vehicles: [Vehicle]) -> Action {
        .loaded(FleetIndex(connections: connections, vehicles: vehicles))
    }
}
