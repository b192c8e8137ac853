import CarportCore
import Foundation
import GRDB

/// Mapping between rows and models. Sealed columns open here and only here.
extension SQLiteConnectionStore {
    /// The columns of a summary, in the order `summary(from:at:scopes:)` reads them. Rows are read
    /// by position: looking 100,000 rows' columns up by name costs more than reading them.
    static let summaryColumns = """
        c.id, c.customer, c.mode, c.scopes, c.issued_at, c.access_expires_at, c.refresh_expires_at,
        c.last_refresh_at, c.last_refresh_outcome, c.last_refresh_message, c.reauth_reason, c.kind, c.confirmed_at
        """
    static let summaryColumnCount = 13
    /// A whole connection: the summary's columns, then these.
    static let connectionColumns =
        "\(summaryColumns), c.smartcar_user_id, c.access_token, c.refresh_token, c.created_at, c.updated_at"

    /// A row of `connectionColumns` (from `connections c`), its sealed columns opened.
    func connection(from row: Row, sealer: Sealer) throws -> Connection {
        var scopes = ScopeTexts()
        let summary = try Self.summary(from: row, at: 0, scopes: &scopes)
        let id = summary.id
        let next = Self.summaryColumnCount
        let credentials: Credentials
        switch summary.state {
        case .tokenPair(let state):
            credentials = .tokenPair(
                TokenPair(
                    accessToken: try sealer.openSecret(row[next + 1], at: .connection(id, "access_token")),
                    refreshToken: try sealer.openSecret(row[next + 2], at: .connection(id, "refresh_token")),
                    issuedAt: state.issuedAt, accessExpiresAt: state.accessExpiresAt,
                    refreshExpiresAt: state.refreshExpiresAt))
        case .application(let state):
            credentials = .application(confirmedAt: state.confirmedAt)
        }
        return Connection(
            id: id, smartcarUserId: row[next], customer: summary.customer, mode: summary.mode, scopes: summary.scopes,
            credentials: credentials, lastRefresh: summary.state.tokens?.lastRefresh,
            reauthReason: summary.state.reauthReason, createdAt: Self.date(row[next + 3]),
            updatedAt: Self.date(row[next + 4]))
    }

    /// The summary in `summaryColumns` starting at column `offset`; opens nothing.
    static func summary(from row: Row, at offset: Int, scopes: inout ScopeTexts) throws -> ConnectionSummary {
        let id: String = row[offset]
        let modeText: String = row[offset + 2]
        var lastRefresh: RefreshRecord?
        let state = offset + 4
        if let at: Double = row[state + 3], let raw: String = row[state + 4] {
            guard let outcome = RefreshRecord.Outcome(rawValue: raw) else {
                throw CarportError(.corruptStore, "Connection \(id) has an unknown refresh outcome `\(raw)`.")
            }
            lastRefresh = RefreshRecord(attemptedAt: date(at), outcome: outcome, message: row[state + 5])
        }
        let kindText: String = row[state + 7]
        let connectionState: ConnectionState
        switch ApplicationKind(rawValue: kindText) {
        case .classic:
            connectionState = .tokenPair(
                TokenState(
                    issuedAt: date(row[state]), accessExpiresAt: date(row[state + 1]),
                    refreshExpiresAt: date(row[state + 2]), lastRefresh: lastRefresh, reauthReason: row[state + 6]))
        case .v3:
            connectionState = .application(
                ApplicationState(confirmedAt: date(row[state + 8]), reauthReason: row[state + 6]))
        case nil:
            throw CarportError(.corruptStore, "Connection \(id) is of an unknown kind `\(kindText)`.")
        }
        return ConnectionSummary(
            id: id, customer: row[offset + 1], mode: ConnectMode(rawValue: modeText) ?? .live,
            scopes: scopes.split(row[offset + 3]), state: connectionState)
    }

    /// The columns that say how `credentials` reach Smartcar: the kind, then a pair's sealed
    /// columns or a v3 connection's `confirmed_at` (every other one NULL), ready for a statement.
    func credentialColumns(_ credentials: Credentials, id: String, sealer: Sealer) throws -> StatementArguments {
        switch credentials {
        case .tokenPair(let tokens):
            var columns = try sealedColumns(tokens, id: id, sealer: sealer)
            _ = columns.append(contentsOf: ["kind": "classic", "confirmed_at": nil])
            return columns
        case .application(let confirmedAt):
            return [
                "kind": "v3", "confirmed_at": confirmedAt.timeIntervalSinceReferenceDate, "access_token": nil,
                "refresh_token": nil, "issued_at": nil, "access_expires_at": nil, "refresh_expires_at": nil,
            ]
        }
    }

    /// The sealed token columns of `tokens` for connection `id`, ready for a statement.
    func sealedColumns(_ tokens: TokenPair, id: String, sealer: Sealer) throws -> StatementArguments {
        [
            "access_token": try sealer.seal(tokens.accessToken, at: .connection(id, "access_token")),
            "refresh_token": try sealer.seal(tokens.refreshToken, at: .connection(id, "refresh_token")),
            "issued_at": tokens.issuedAt.timeIntervalSinceReferenceDate,
            "access_expires_at": tokens.accessExpiresAt.timeIntervalSinceReferenceDate,
            "refresh_expires_at": tokens.refreshExpiresAt.timeIntervalSinceReferenceDate,
        ]
    }

    /// The columns `vehicle(from:)` reads, in its order.
    static let vehicleColumns = "v.id, v.connection_id, v.make, v.model, v.year, v.vin, v.last_seen_at"

    static func vehicle(from row: Row, at offset: Int = 0) -> Vehicle {
        Vehicle(
            id: row[offset], connectionId: row[offset + 1], make: row[offset + 2], model: row[offset + 3],
            year: (row[offset + 4] as Int?) ?? Vehicle.unknownYear, vin: row[offset + 5],
            lastSeenAt: (row[offset + 6] as Double?).map(date))
    }

    static func auditEntry(from row: Row) -> AuditEntry {
        AuditEntry(
            at: date(row["at"]), osUser: row["os_user"], host: row["host"], action: row["action"],
            connectionId: row["connection_id"], vehicleId: row["vehicle_id"],
            outcome: row["outcome"], detail: row["detail"])
    }

    static func insertAudit(_ entry: AuditEntry, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO audit_log (at, os_user, host, action, connection_id, vehicle_id, outcome, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            entry.at.timeIntervalSinceReferenceDate, entry.osUser, entry.host, entry.action, entry.connectionId,
            entry.vehicleId, entry.outcome, entry.detail,
        ])
    }

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSinceReferenceDate: seconds) }
}

/// The scopes column split into a list once per distinct text: a fleet shares a handful of scope
/// sets, so 100,000 rows hold a few arrays rather than 100,000.
struct ScopeTexts {
    private var split: [String: [String]] = [:]

    mutating func split(_ text: String) -> [String] {
        if let known = split[text] { return known }
        let scopes = text.split(separator: " ").map(String.init)
        split[text] = scopes
        return scopes
    }
}
