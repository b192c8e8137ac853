import CarportCore
import CarportStore
import Foundation
import PostgresNIO

/// The refresh engine's side of the team store (docs/TEAM-STORE.md, "Locks"): an advisory lock
/// per connection across machines, and an in-flight lease in the row. The lock dies with its
/// database session, which a restart or a network blip can end while this process still waits
/// for Smartcar; the lease, renewed while the request runs, keeps another machine from sending
/// the same refresh token meanwhile.
extension PostgresConnectionStore {
    /// How long an in-flight mark holds off other machines without being renewed, and how often
    /// it is renewed.
    static let lease: Double = 15
    static let leaseBeat: Duration = .seconds(5)
    /// How long a refresh waits for another machine's in-flight refresh of the same connection.
    static let leaseWait: Duration = .seconds(30)
    /// The server's clock on the store's time scale (seconds since 2001-01-01 UTC), so machines
    /// whose clocks disagree still agree on a lease.
    static let serverNow = "(extract(epoch FROM clock_timestamp())::double precision - 978307200)"

    /// A database that restarts or fails over takes longer than a busy SQLite file.
    public var pairCommitRetryDelays: [Duration] {
        [.milliseconds(100), .milliseconds(400), .seconds(1), .seconds(2), .seconds(3), .seconds(4)]
    }

    public func withRefreshLock<T: Sendable>(
        connectionId id: String,
        _ body: @Sendable (Connection) async throws -> T
    ) async throws -> T {
        await local.acquire(id)
        defer { local.release(id) }
        let started = ContinuousClock.now
        var pause: Duration = .milliseconds(100)
        while true {
            try await locks.lock(id)
            let row: Connection
            do {
                for sentence in try await adoptRecoveredPairs(of: id) {
                    FileHandle.standardError.write(Data("carport: \(sentence)\n".utf8))
                }
                guard let (stored, lease) = try await rowAndLease(id) else { throw Self.unknownConnection(id) }
                switch lease {
                case .none:
                    row = stored
                case .live(let other):
                    await locks.unlock(id)
                    guard ContinuousClock.now - started < Self.leaseWait else {
                        throw CarportError(
                            .transient, "A refresh of \(id) by \(other) is still in flight; try again shortly.")
                    }
                    try await Task.sleep(for: pause)
                    pause = min(pause * 2, .seconds(1))
                    continue
                case .lapsedElsewhere(let other):
                    throw CarportError(
                        .answerLost,
                        """
                        A refresh of \(id) by \(other) ended without its outcome; that machine may hold the new pair \
                        in its recovery folder. Run any carport command there to store it; nothing was sent from here. \
                        After \(Int(Self.lapseWait / 60)) minutes a refresh from here tries the stored token.
                        """)
                }
            } catch {
                await locks.unlock(id)
                throw error
            }
            expected.set(id, row.tokens?.refreshToken)
            do {
                let result = try await body(row)
                expected.set(id, nil)
                heartbeats.stop(id)
                await locks.unlock(id)
                return result
            } catch {
                expected.set(id, nil)
                heartbeats.stop(id)
                await locks.unlock(id)
                throw error
            }
        }
    }

    /// What another process's in-flight lease on a row says to this one.
    enum Lease {
        case none
        /// Its request may be running: wait.
        case live(String)
        /// It lapsed lately on another machine, which may hold the new pair in its recovery
        /// folder: leave it to that machine for `lapseWait`.
        case lapsedElsewhere(String)
    }

    /// How long a lease that lapsed on another machine keeps others from resending its token.
    static let lapseWait: Double = 600

    /// The row as stored, its sealed values opened, and what another process's lease on it
    /// says: one statement.
    private func rowAndLease(_ id: String) async throws -> (Connection, Lease)? {
        let holder = holder
        let rows = try await read { c in
            try await Self.rows(
                c,
                """
                SELECT \(unescaped: StoredRows.connectionColumns), m.value, c.in_flight_holder <> \(holder),
                    c.in_flight_until > \(unescaped: Self.serverNow),
                    c.in_flight_until > \(unescaped: Self.serverNow) - \(Self.lapseWait), c.in_flight_holder
                FROM connections c JOIN meta m ON m.key = 'key-check' WHERE c.id = \(id)
                """)
        }
        guard let row = rows.first, let connection = try opened([row]).first else { return nil }
        let at = Self.checkColumn + 1
        guard try row[at].decode(Bool?.self) == true, let other = try row.text(at + 3) else {
            return (connection, .none)
        }
        if try row[at + 1].decode(Bool.self) { return (connection, .live(other)) }
        let elsewhere = !other.contains("@\(AuditEntry.thisHost) ")
        return (connection, try row[at + 2].decode(Bool.self) && elsewhere ? .lapsedElsewhere(other) : .none)
    }

    public func recordRefresh(
        connectionId: String, tokens: TokenPair?, record: RefreshRecord, reauthReason: String?
    ) async throws {
        _ = try await self.record(connectionId, replacing: nil, tokens: tokens, record: record, reason: reauthReason)
    }

    /// The conditional form. A retry whose earlier commit landed though its answer was lost finds
    /// the new pair already stored: that is `.written`, not `.superseded`.
    public func recordRefresh(
        connectionId: String, replacing: Secret, tokens: TokenPair?, record: RefreshRecord, reauthReason: String?
    ) async throws -> PairWrite {
        try await self.record(connectionId, replacing: replacing, tokens: tokens, record: record, reason: reauthReason)
    }

    private func record(
        _ id: String, replacing: Secret?, tokens: TokenPair?, record: RefreshRecord, reason: String?
    ) async throws -> PairWrite {
        let inFlight = record.outcome == .inFlight
        let expected = inFlight ? self.expected.get(id) : nil
        let now = clock.now().timeIntervalSinceReferenceDate
        let leaseHolder = inFlight ? holder : nil
        let baseAudit =
            inFlight
            ? nil
            : AuditEntry(
                at: record.attemptedAt, osUser: osUser, action: "refresh", connectionId: id,
                outcome: record.outcome.rawValue, detail: record.message)
        let written = try await write { c in
            var audit = baseAudit
            let (sealer, stored, foreignLease) = try await self.lockRow(id, c)
            if let expected, stored != expected || foreignLease {
                // The lock's session may have ended while the refresh waited for a request slot,
                // and another machine taken over: this one sends nothing.
                throw CarportError(
                    .transient, "Another carport took over the refresh of \(id) meanwhile; nothing was sent from here.")
            }
            if let replacing {
                if let tokens, stored == tokens.refreshToken { return PairWrite.written }
                if stored != replacing { return .superseded }
            }
            let at = record.attemptedAt.timeIntervalSinceReferenceDate
            let outcome = record.outcome.rawValue
            let updated: [PostgresRandomAccessRow]
            if let tokens {
                let pair = try SealedPair(tokens, id: id, sealer: sealer)
                audit?.detail = "new refresh token \(sealer.fingerprint(tokens.refreshToken))"
                updated = try await Self.rows(
                    c,
                    """
                    UPDATE connections SET access_token = \(pair.accessToken), refresh_token = \(pair.refreshToken),
                        issued_at = \(pair.issuedAt), access_expires_at = \(pair.accessExpiresAt),
                        refresh_expires_at = \(pair.refreshExpiresAt), last_refresh_at = \(at),
                        last_refresh_outcome = \(outcome), last_refresh_message = \(record.message),
                        reauth_reason = \(reason), in_flight_holder = NULL, in_flight_until = NULL,
                        updated_at = GREATEST(\(now), created_at)
                    WHERE id = \(id) RETURNING id
                    """)
            } else {
                updated = try await Self.rows(
                    c,
                    """
                    UPDATE connections SET last_refresh_at = \(at), last_refresh_outcome = \(outcome),
                        last_refresh_message = \(record.message), reauth_reason = coalesce(\(reason), reauth_reason),
                        in_flight_holder = \(leaseHolder)::text,
                        in_flight_until = CASE WHEN \(leaseHolder)::text IS NULL THEN NULL
                            ELSE \(unescaped: Self.serverNow) + \(Self.lease) END,
                        updated_at = GREATEST(\(now), created_at)
                    WHERE id = \(id) RETURNING id
                    """)
            }
            guard updated.count == 1 else { throw Self.unknownConnection(id) }
            if let audit { try await Self.insertAudit(audit, c) }
            return .written
        }
        // The lease is renewed until the outcome is stored (commit retries included), never less.
        if inFlight {
            heartbeats.start(id) { [weak self] in await self?.renewLease(id) }
        } else {
            heartbeats.stop(id)
        }
        return written
    }

    /// The sealer (the key check held shared), the stored refresh token and whether another
    /// process holds a live lease, with the row locked until the transaction ends: one statement.
    private func lockRow(_ id: String, _ c: PostgresConnection) async throws -> (Sealer, Secret?, Bool) {
        let holder = holder
        let rows = try await Self.rows(
            c,
            """
            SELECT m.value, c.refresh_token,
                c.in_flight_holder <> \(holder) AND c.in_flight_until > \(unescaped: Self.serverNow)
            FROM connections c JOIN meta m ON m.key = 'key-check' WHERE c.id = \(id)
            FOR SHARE OF m FOR UPDATE OF c
            """)
        guard let row = rows.first else { throw Self.unknownConnection(id) }
        let sealer = try keys.sealer(matching: row.blob(required: 0))
        let stored = try row.blob(1).map { try sealer.openSecret($0, at: .connection(id, "refresh_token")) }
        return (sealer, stored, try row[2].decode(Bool?.self) == true)
    }

    /// Moves the lease's end on while this process's request runs.
    private func renewLease(_ id: String) async {
        let holder = holder
        _ = try? await write { c in
            try await Self.run(
                c,
                """
                UPDATE connections SET in_flight_until = \(unescaped: Self.serverNow) + \(Self.lease)
                WHERE id = \(id) AND in_flight_holder = \(holder)
                """)
        }
    }

    // MARK: App tokens

    public func appToken(clientId: String) async throws -> AppToken? {
        try await read { c in
            let rows = try await Self.rows(
                c,
                """
                SELECT a.token, a.expires_at, m.value FROM app_tokens a JOIN meta m ON m.key = 'key-check'
                WHERE a.client_id = \(clientId)
                """)
            guard let row = rows.first else { return nil }
            let sealer = try self.keys.sealer(matching: row.blob(required: 2))
            return AppToken(
                token: try sealer.openSecret(row.blob(required: 0), at: .appToken(clientId)),
                expiresAt: StoredRows.date(try row.number(required: 1)))
        }
    }

    public func storeAppToken(_ token: AppToken, clientId: String) async throws {
        let now = clock.now().timeIntervalSinceReferenceDate
        try await write { c in
            let sealed = try await self.sealer(c).seal(token.token, at: .appToken(clientId))
            try await Self.run(
                c,
                """
                INSERT INTO app_tokens (client_id, token, expires_at, fetched_at)
                VALUES (\(clientId), \(sealed), \(token.expiresAt.timeIntervalSinceReferenceDate), \(now))
                ON CONFLICT (client_id) DO UPDATE SET
                    token = excluded.token, expires_at = excluded.expires_at, fetched_at = excluded.fetched_at
                """)
        }
    }

    public func withAppTokenLock<T: Sendable>(clientId: String, _ body: @Sendable () async throws -> T)
        async throws -> T
    {
        try await withLock("app-token:\(clientId)", body)
    }

    /// `name` held by this task, across this process's tasks and every machine's.
    func withLock<T: Sendable>(_ name: String, _ body: () async throws -> T) async throws -> T {
        await local.acquire(name)
        defer { local.release(name) }
        try await locks.lock(name)
        do {
            let result = try await body()
            await locks.unlock(name)
            return result
        } catch {
            await locks.unlock(name)
            throw error
        }
    }
}

/// The lease renewals running in this process, one per connection in flight.
final class Heartbeats: @unchecked Sendable {
    private let lock = NSLock()
    private var beating: [String: Task<Void, Never>] = [:]

    func start(_ id: String, _ beat: @escaping @Sendable () async -> Void) {
        let task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: PostgresConnectionStore.leaseBeat)
                guard !Task.isCancelled else { return }
                await beat()
            }
        }
        lock.withLock { beating.updateValue(task, forKey: id) }?.cancel()
    }

    func stop(_ id: String) { lock.withLock { beating.removeValue(forKey: id) }?.cancel() }

    func stopAll() {
        for task in lock.withLock({ beating.values }) { task.cancel() }
    }
}
