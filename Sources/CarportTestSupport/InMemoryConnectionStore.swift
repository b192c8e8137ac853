import CarportCore
import Foundation

/// A `ConnectionStore` in memory, for flow tests that need no SQLite file. The refresh lock is
/// per process only (an in-memory store has no other process to exclude).
public actor InMemoryConnectionStore: ConnectionStore {
    private var rows: [String: Connection] = [:] {
        didSet { touch(Set(rows.keys).union(oldValue.keys).filter { rows[$0] != oldValue[$0] }) }
    }
    private var linked: [String: Vehicle] = [:] {
        didSet {
            let moved = Set(linked.keys).union(oldValue.keys).filter { linked[$0] != oldValue[$0] }
            touch(Set(moved.flatMap { [linked[$0]?.connectionId, oldValue[$0]?.connectionId].compactMap { $0 } }))
        }
    }
    /// The change feed: a counter, and the number each connection last changed at.
    private var changeSeq: Int64 = 0
    private var changedAt: [String: Int64] = [:]
    private var audit: [AuditEntry] = []
    private var pending: [String: LinkGaps] = [:]
    private var unsupported: [String: Set<String>] = [:]
    private var appTokens: [String: AppToken] = [:]
    private var locked: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    /// Pairs kept by `keepUnstoredPair`, by the path it returned.
    public private(set) var unstoredPairs: [String: TokenPair] = [:]

    public init(connections: [Connection] = [], vehicles: [Vehicle] = []) {
        for c in connections { rows[c.id] = c }
        for v in vehicles { linked[v.id] = v }
    }

    public func connections() -> [Connection] { rows.values.sorted { $0.createdAt < $1.createdAt } }
    public func connection(id: String) -> Connection? { rows[id] }
    public func connectionSummaries() -> [ConnectionSummary] { connections().map(\.summary) }
    public func vehicles() -> [Vehicle] { linked.values.sorted { $0.id < $1.id } }
    public func vehicle(id: String) -> Vehicle? { linked[id] }
    public func vehicles(connectionId: String) -> [Vehicle] { vehicles().filter { $0.connectionId == connectionId } }

    public nonisolated func forEachFleetRow(_ body: (Vehicle, ConnectionSummary) throws -> Void) async throws {
        for (vehicle, connection) in await fleetRows() { try body(vehicle, connection) }
    }

    private func fleetRows() -> [(Vehicle, ConnectionSummary)] {
        linked.values.compactMap { v in rows[v.connectionId].map { (v, $0.summary) } }.sorted { a, b in
            (a.1.customer.lowercased(), a.1.customer, a.0.make, a.0.model, a.0.id)
                < (b.1.customer.lowercased(), b.1.customer, b.0.make, b.0.model, b.0.id)
        }
    }

    public func refreshCandidates(policy: HealthPolicy, at now: Date) -> [ConnectionSummary] {
        connectionSummaries().filter { policy.refreshIsDue($0.state, at: now) }
    }

    public func importConnections(_ batch: [LinkedConnection], audit entry: AuditEntry) throws {
        let ids = batch.map(\.connection.id)
        let vehicleIds = batch.flatMap(\.vehicles).map(\.id)
        guard Set(ids).count == ids.count, ids.allSatisfy({ rows[$0] == nil }),
            Set(vehicleIds).count == vehicleIds.count, vehicleIds.allSatisfy({ linked[$0] == nil })
        else {
            throw CarportError(.usage, "A connection or vehicle in the batch is already stored; nothing was imported.")
        }
        for item in batch {
            rows[item.connection.id] = item.connection
            for vehicle in item.vehicles { linked[vehicle.id] = vehicle }
        }
        audit.append(entry)
    }

    public func insert(_ connection: Connection, vehicles: [Vehicle], audit entry: AuditEntry) throws -> [VehicleMove] {
        guard rows[connection.id] == nil else {
            throw CarportError(.store, "Connection \(connection.id) already exists.")
        }
        var moves: [VehicleMove] = []
        for vehicle in vehicles {
            if let old = linked[vehicle.id], old.connectionId != connection.id, let owner = rows[old.connectionId] {
                moves.append(
                    VehicleMove(vehicleId: vehicle.id, fromConnectionId: owner.id, fromCustomer: owner.customer))
            }
            linked[vehicle.id] = vehicle
        }
        rows[connection.id] = connection
        audit.append(entry)
        return moves
    }

    public func replaceTokens(connectionId: String, tokens: TokenPair, audit entry: AuditEntry) throws {
        guard var row = rows[connectionId] else { throw Self.unknown(connectionId) }
        row.credentials = .tokenPair(tokens)
        row.reauthReason = nil
        row.updatedAt = entry.at
        rows[connectionId] = row
        audit.append(entry)
    }

    public func removeVehicle(id: String, audit entry: AuditEntry) throws {
        unsupported[id] = nil
        guard linked.removeValue(forKey: id) != nil else {
            throw CarportError(.notFound, "No vehicle \(id) in the store. `carport list` shows the linked vehicles.")
        }
        audit.append(entry)
    }

    public nonisolated func forEachStoredLink(_ body: (StoredLink) throws -> Void) async throws {
        for link in await storedLinks() { try body(link) }
    }

    private func storedLinks() -> [StoredLink] {
        rows.values.flatMap { c in
            let vehicles = linked.values.filter { $0.connectionId == c.id }
            return (vehicles.isEmpty ? [nil] : vehicles.map(Optional.some)).map {
                StoredLink(connection: c.summary, smartcarUserId: c.smartcarUserId, vehicle: $0)
            }
        }
    }

    public func markNeedsReauth(connectionId: String, reason: String, issuedBefore: Date, audit entry: AuditEntry)
        -> Bool
    {
        guard let row = rows[connectionId], row.reauthReason == nil, Self.linkedAt(row) < issuedBefore else {
            return false
        }
        rows[connectionId]?.reauthReason = reason
        audit.append(entry)
        return true
    }

    public func recordAudit(_ entry: AuditEntry) { audit.append(entry) }

    public func unsupportedReadings(vehicleId: String) -> Set<String> { unsupported[vehicleId] ?? [] }

    public func rememberUnsupported(_ readings: Set<String>, vehicleId: String) {
        guard linked[vehicleId] != nil else { return }
        unsupported[vehicleId, default: []].formUnion(readings.intersection(LiveData.skippable))
    }

    public func auditLog(since: Date?, limit: Int?) -> [AuditEntry] {
        let newest = audit.filter { entry in since.map { entry.at >= $0 } ?? true }.sorted { $0.at > $1.at }
        return limit.map { Array(newest.prefix($0)) } ?? newest
    }

    public func withRefreshLock<T: Sendable>(
        connectionId: String,
        _ body: @Sendable (Connection) async throws -> T
    ) async throws -> T {
        try await holding(connectionId) {
            guard let row = rows[connectionId] else { throw Self.unknown(connectionId) }
            return try await body(row)
        }
    }

    public func appToken(clientId: String) -> AppToken? { appTokens[clientId] }

    public func storeAppToken(_ token: AppToken, clientId: String) { appTokens[clientId] = token }

    public func withAppTokenLock<T: Sendable>(clientId: String, _ body: @Sendable () async throws -> T)
        async throws -> T
    {
        try await holding("app-token:\(clientId)", body)
    }

    /// Runs `body` while no other task of this store holds `id`.
    private func holding<T: Sendable>(_ id: String, _ body: () async throws -> T) async throws -> T {
        while locked.contains(id) {
            await withCheckedContinuation { waiters[id, default: []].append($0) }
        }
        locked.insert(id)
        defer {
            locked.remove(id)
            if let next = waiters[id]?.popLast() { next.resume() }
        }
        return try await body()
    }

    public func recordRefresh(
        connectionId: String, tokens: TokenPair?, record: RefreshRecord,
        reauthReason: String?
    ) throws {
        guard var row = rows[connectionId] else { throw Self.unknown(connectionId) }
        if let tokens { row.credentials = .tokenPair(tokens) }
        row.lastRefresh = record
        if let reauthReason { row.reauthReason = reauthReason }
        row.updatedAt = record.attemptedAt
        rows[connectionId] = row
    }

    private static func unknown(_ id: String) -> CarportError {
        CarportError(.notFound, "No connection \(id) in the store. `carport list` shows the connections.")
    }

    public func recordRefresh(
        connectionId: String, replacing: Secret, tokens: TokenPair?, record: RefreshRecord,
        reauthReason: String?
    ) throws -> PairWrite {
        guard let row = rows[connectionId] else { throw Self.unknown(connectionId) }
        guard row.tokens?.refreshToken == replacing else { return .superseded }
        try recordRefresh(connectionId: connectionId, tokens: tokens, record: record, reauthReason: reauthReason)
        return .written
    }

    public func replaceTokens(connectionId: String, replacing: Secret, tokens: TokenPair, audit entry: AuditEntry)
        throws -> PairWrite
    {
        guard let row = rows[connectionId] else { throw Self.unknown(connectionId) }
        guard row.tokens?.refreshToken == replacing else { return .superseded }
        try replaceTokens(connectionId: connectionId, tokens: tokens, audit: entry)
        return .written
    }

    public func keepUnstoredPair(connectionId: String, replacing: Secret, tokens: TokenPair, attempt: Date) -> String {
        let path = "memory:recovery/\(connectionId)/\(unstoredPairs.count + 1)"
        unstoredPairs[path] = tokens
        return path
    }

    public func forgetUnstoredPair(at path: String) { unstoredPairs[path] = nil }
}

/// The two-step link (`LinkGaps`): gaps kept per connection, as the SQLite store's `pending`.
extension InMemoryConnectionStore {
    public func insert(_ connection: Connection, gaps: LinkGaps, audit entry: AuditEntry) throws {
        _ = try insert(connection, vehicles: [], audit: entry)
        pending[connection.id] = gaps.isEmpty ? nil : gaps
    }

    public func complete(_ completion: LinkCompletion, audit entry: AuditEntry?) throws -> [VehicleMove] {
        guard var row = rows[completion.connectionId] else { throw Self.unknown(completion.connectionId) }
        if let user = completion.smartcarUserId { row.smartcarUserId = user }
        row.scopes = Set(row.scopes).union(completion.scopes).sorted()
        rows[row.id] = row
        var moves: [VehicleMove] = []
        for vehicle in completion.vehicles {
            if let old = linked[vehicle.id], old.connectionId != row.id, let owner = rows[old.connectionId] {
                moves.append(
                    VehicleMove(vehicleId: vehicle.id, fromConnectionId: owner.id, fromCustomer: owner.customer))
            }
            var stored = vehicle.stored
            stored.connectionId = row.id
            linked[vehicle.id] = stored
        }
        pending[row.id] = completion.gaps.isEmpty ? nil : completion.gaps
        if let entry { audit.append(entry) }
        return moves
    }

    public func linkGaps() -> [String: LinkGaps] { pending }

    public func recordRead(vehicleId: String, at date: Date) { linked[vehicleId]?.lastSeenAt = date }

    public func changeMark() -> Int64 { changeSeq }

    public func changes(since mark: Int64, limit: Int) -> StoreChanges {
        let ids = changedAt.filter { $0.value > mark && rows[$0.key] != nil }.sorted { $0.value < $1.value }.map(\.key)
        guard ids.count <= limit else { return StoreChanges(mark: changeSeq, overflow: true) }
        return StoreChanges(
            mark: changeSeq, connections: ids.compactMap { rows[$0]?.summary },
            vehicles: ids.flatMap { vehicles(connectionId: $0) })
    }

    private func touch(_ ids: Set<String>) {
        for id in ids.sorted() {
            changeSeq += 1
            changedAt[id] = changeSeq
        }
    }

    public func confirmApplicationLinks(_ connectionIds: [String], at date: Date, audit entry: AuditEntry?) -> Int {
        var confirmed = 0
        for id in connectionIds {
            guard var row = rows[id], case .application(let confirmedAt) = row.credentials else { continue }
            row.credentials = .application(confirmedAt: max(confirmedAt, date))
            row.reauthReason = nil
            rows[id] = row
            confirmed += 1
        }
        if let entry, confirmed > 0 { audit.append(entry) }
        return confirmed
    }
}

extension InMemoryConnectionStore {
    /// When a connection was last linked: its pair's issue, or a v3 connection's confirmation.
    fileprivate static func linkedAt(_ row: Connection) -> Date {
        switch row.credentials {
        case .tokenPair(let pair): pair.issuedAt
        case .application(let confirmedAt): confirmedAt
        }
    }
}
