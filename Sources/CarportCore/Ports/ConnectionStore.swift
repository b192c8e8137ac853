import Foundation

/// Where connections, vehicles and the audit log live. CarportStore implements it on an
/// encrypted SQLite file; CarportTestSupport has an in-memory one. Every method throws
/// `CarportError`; every write is one transaction.
public protocol ConnectionStore: Sendable {
    func connections() async throws -> [Connection]
    func connection(id: String) async throws -> Connection?
    /// Every connection without its secrets (none is opened), in no particular order: a fleet's
    /// worth reads fastest in the order it is stored.
    func connectionSummaries() async throws -> [ConnectionSummary]
    func vehicles() async throws -> [Vehicle]
    /// Every vehicle with its connection (no secret opened), one at a time in list order: customer
    /// (ignoring ASCII case), make, model, vehicle id. A fleet of any size is read without holding it.
    func forEachFleetRow(_ body: (Vehicle, ConnectionSummary) throws -> Void) async throws
    /// Every connection with its Smartcar user, once per vehicle (once with no vehicle when it has
    /// none), in no particular order and without opening a sealed value: what `carport reconcile`
    /// compares with Smartcar's list, streamed like `forEachFleetRow`.
    func forEachStoredLink(_ body: (StoredLink) throws -> Void) async throws
    /// The connections that may be due for a refresh at `now` under `policy`: a superset of what
    /// `HealthPolicy.refreshIsDue` picks, found by index rather than by reading every row.
    func refreshCandidates(policy: HealthPolicy, at now: Date) async throws -> [ConnectionSummary]
    func vehicle(id: String) async throws -> Vehicle?
    /// One connection's vehicles, by id (the `vehicles(connection_id, id)` index: a fleet's worth
    /// is not read for one connection).
    func vehicles(connectionId: String) async throws -> [Vehicle]

    /// Stores a new connection with its vehicles and the audit entry in one transaction. A vehicle
    /// already linked to another connection moves to this one; the moves are returned.
    func insert(_ connection: Connection, vehicles: [Vehicle], audit: AuditEntry) async throws -> [VehicleMove]

    /// Stores many connections with their vehicles and one audit entry in one transaction (a bulk
    /// import; a benchmark's seed). Nothing is written when one of them cannot be: an id already
    /// stored, or a vehicle already linked elsewhere.
    func importConnections(_ batch: [LinkedConnection], audit: AuditEntry) async throws

    /// After re-authentication: a new pair for an existing connection, its re-auth reason cleared.
    func replaceTokens(connectionId: String, tokens: TokenPair, audit: AuditEntry) async throws

    /// Forgets one vehicle (after `DELETE …/application`). The connection stays.
    func removeVehicle(id: String, audit: AuditEntry) async throws

    /// v3 connections Smartcar listed at `at` (Connect again, reconcile), in one transaction: each
    /// one's confirmation time moves on and a re-auth reason is cleared. Ids that are not stored v3
    /// connections (removed meanwhile) are skipped; returns how many were confirmed.
    @discardableResult
    func confirmApplicationLinks(_ connectionIds: [String], at: Date, audit: AuditEntry?) async throws -> Int

    /// Records a successful live read of a vehicle (`Vehicle.lastSeenAt`: a v3 connection's health
    /// shows it); a vehicle no longer stored is ignored.
    func recordRead(vehicleId: String, at: Date) async throws

    /// Marks a connection as needing re-authentication for `reason`, with `audit`, unless it needs it
    /// already or its pair was issued at or after `issuedBefore` (a refresh or a re-auth since the
    /// caller looked; for a v3 connection, confirmed by Smartcar). Returns whether it was marked.
    func markNeedsReauth(connectionId: String, reason: String, issuedBefore: Date, audit: AuditEntry) async throws
        -> Bool

    /// The live readings a vehicle answered 501 for (`LiveData.skippable` names), so they are
    /// not asked again: every request may be billed.
    func unsupportedReadings(vehicleId: String) async throws -> Set<String>
    /// Remembers readings a vehicle cannot give; a vehicle no longer stored is ignored.
    func rememberUnsupported(_ readings: Set<String>, vehicleId: String) async throws

    /// The app token stored for the v3 API client `clientId`, opened; nil when there is none.
    func appToken(clientId: String) async throws -> AppToken?
    /// Stores (sealed) the app token of `clientId`, replacing the one before.
    func storeAppToken(_ token: AppToken, clientId: String) async throws
    /// Runs `body` while holding `clientId`'s app-token lock: exclusive between tasks and between
    /// processes, released by the OS if the process dies (as `withRefreshLock`).
    func withAppTokenLock<T: Sendable>(clientId: String, _ body: @Sendable () async throws -> T) async throws -> T

    /// The store's change mark: it grows with every write to a connection or its vehicles, by any
    /// process. Read it before reading the fleet, then ask `changes(since:)` from it.
    func changeMark() async throws -> Int64
    /// The connections written after `mark` (by index, not a pass over the fleet), with their
    /// vehicles, and the mark now; more than `limit` is `overflow`. A connection may come again
    /// (on PostgreSQL, one written by a transaction that was running at the last look), and the
    /// mark may move with nothing to show: applying a change twice changes nothing.
    func changes(since mark: Int64, limit: Int) async throws -> StoreChanges

    func recordAudit(_ entry: AuditEntry) async throws
    /// Newest first.
    func auditLog(since: Date?, limit: Int?) async throws -> [AuditEntry]

    /// Runs `body` while holding the refresh lock of one connection: exclusive between tasks of
    /// this process and between processes, and released by the OS if the process dies. `body`
    /// receives the row as stored under the lock.
    func withRefreshLock<T: Sendable>(
        connectionId: String,
        _ body: @Sendable (Connection) async throws -> T
    ) async throws -> T

    /// Commits the outcome of a refresh attempt (the new pair when there is one, the record, and
    /// a re-auth reason when the pair died) in one durable transaction.
    func recordRefresh(
        connectionId: String, tokens: TokenPair?, record: RefreshRecord,
        reauthReason: String?) async throws

    /// `recordRefresh`, written only while the stored refresh token is still `replacing` (the one
    /// the attempt spent); otherwise nothing changes and `.superseded` is returned. When `tokens`
    /// are stored already (a retry after a commit whose answer was lost), it is `.written`.
    func recordRefresh(
        connectionId: String, replacing: Secret, tokens: TokenPair?, record: RefreshRecord,
        reauthReason: String?
    ) async throws -> PairWrite

    /// `replaceTokens`, written only while the stored refresh token is still `replacing`.
    func replaceTokens(connectionId: String, replacing: Secret, tokens: TokenPair, audit: AuditEntry) async throws
        -> PairWrite

    /// Saves, sealed and durably, a pair Smartcar issued that the store could not take, for the
    /// next opening of the store to adopt. Returns where it went.
    func keepUnstoredPair(connectionId: String, replacing: Secret, tokens: TokenPair, attempt: Date) async throws
        -> String

    /// Deletes a pair saved by `keepUnstoredPair` once the store took it after all.
    func forgetUnstoredPair(at path: String) async

    /// A link's first write, right after the code exchange and before any read can fail: the
    /// connection with its pair, marked with what is still to read (docs/CODEBASE.md, connection).
    func insert(_ connection: Connection, gaps: LinkGaps, audit: AuditEntry) async throws

    /// Writes what a later read found (user, vehicles, scopes) and the gaps left, in one
    /// transaction. A vehicle linked to another connection moves here; the moves are returned.
    func complete(_ completion: LinkCompletion, audit: AuditEntry?) async throws -> [VehicleMove]

    /// The gaps of every connection that has some, by connection id.
    func linkGaps() async throws -> [String: LinkGaps]

    /// The waits before each further attempt to commit a pair Smartcar issued (`RefreshEngine`):
    /// a database server restarting takes longer than a busy file.
    var pairCommitRetryDelays: [Duration] { get }
}

extension ConnectionStore {
    public var pairCommitRetryDelays: [Duration] { [.milliseconds(100), .milliseconds(400), .seconds(1)] }
}
