import CarportCore
import Foundation

/// One result row read by column position, whichever database it came from: the mapping between
/// rows and models (`StoredRows`) is written once for both backends (docs/TEAM-STORE.md).
package protocol StoredRow {
    func text(_ index: Int) throws -> String?
    func number(_ index: Int) throws -> Double?
    func integer(_ index: Int) throws -> Int?
    func blob(_ index: Int) throws -> Data?
}

extension StoredRow {
    /// A column the schema declares NOT NULL.
    func required<T>(_ value: T?, _ index: Int) throws -> T {
        guard let value else { throw CarportError(.corruptStore, "A stored row lacks its column \(index + 1).") }
        return value
    }
    package func text(required index: Int) throws -> String { try required(text(index), index) }
    package func number(required index: Int) throws -> Double { try required(number(index), index) }
    package func blob(required index: Int) throws -> Data { try required(blob(index), index) }
}

/// Mapping between rows and models, the same SQL column lists on SQLite and PostgreSQL. Sealed
/// columns open here and only here.
package enum StoredRows {
    /// The columns of a summary, in the order `summary(from:at:scopes:)` reads them. Rows are read
    /// by position: looking 100,000 rows' columns up by name costs more than reading them.
    package static let summaryColumns = """
        c.id, c.customer, c.mode, c.scopes, c.issued_at, c.access_expires_at, c.refresh_expires_at,
        c.last_refresh_at, c.last_refresh_outcome, c.last_refresh_message, c.reauth_reason, c.kind, c.confirmed_at
        """
    package static let summaryColumnCount = 13
    /// A whole connection: the summary's columns, then these.
    package static let connectionColumns =
        "\(summaryColumns), c.smartcar_user_id, c.access_token, c.refresh_token, c.created_at, c.updated_at"
    /// The columns `vehicle(from:)` reads, in its order.
    package static let vehicleColumns = "v.id, v.connection_id, v.make, v.model, v.year, v.vin, v.last_seen_at"
    /// The columns `auditEntry(from:)` reads, in its order.
    package static let auditColumns = "at, os_user, host, action, connection_id, vehicle_id, outcome, detail"

    /// A row of `connectionColumns` (from `connections c`), its sealed columns opened.
    package static func connection(from row: some StoredRow, sealer: Sealer) throws -> Connection {
        var scopes = ScopeTexts()
        let summary = try summary(from: row, at: 0, scopes: &scopes)
        let id = summary.id
        let next = summaryColumnCount
        let credentials: Credentials
        switch summary.state {
        case .tokenPair(let state):
            credentials = .tokenPair(
                TokenPair(
                    accessToken: try sealer.openSecret(
                        row.blob(required: next + 1), at: .connection(id, "access_token")),
                    refreshToken: try sealer.openSecret(
                        row.blob(required: next + 2), at: .connection(id, "refresh_token")),
                    issuedAt: state.issuedAt, accessExpiresAt: state.accessExpiresAt,
                    refreshExpiresAt: state.refreshExpiresAt))
        case .application(let state):
            credentials = .application(confirmedAt: state.confirmedAt)
        }
        return Connection(
            id: id, smartcarUserId: try row.text(required: next), customer: summary.customer, mode: summary.mode,
            scopes: summary.scopes, credentials: credentials, lastRefresh: summary.state.tokens?.lastRefresh,
            reauthReason: summary.state.reauthReason, createdAt: date(try row.number(required: next + 3)),
            updatedAt: date(try row.number(required: next + 4)))
    }

    /// The summary in `summaryColumns` starting at column `offset`; opens nothing.
    package static func summary(from row: some StoredRow, at offset: Int, scopes: inout ScopeTexts) throws
        -> ConnectionSummary
    {
        let id = try row.text(required: offset)
        var lastRefresh: RefreshRecord?
        let state = offset + 4
        if let at = try row.number(state + 3), let raw = try row.text(state + 4) {
            guard let outcome = RefreshRecord.Outcome(rawValue: raw) else {
                throw CarportError(.corruptStore, "Connection \(id) has an unknown refresh outcome `\(raw)`.")
            }
            lastRefresh = RefreshRecord(attemptedAt: date(at), outcome: outcome, message: try row.text(state + 5))
        }
        let kindText = try row.text(required: state + 7)
        let connectionState: ConnectionState
        switch ApplicationKind(rawValue: kindText) {
        case .classic:
            connectionState = .tokenPair(
                TokenState(
                    issuedAt: date(try row.number(required: state)),
                    accessExpiresAt: date(try row.number(required: state + 1)),
                    refreshExpiresAt: date(try row.number(required: state + 2)), lastRefresh: lastRefresh,
                    reauthReason: try row.text(state + 6)))
        case .v3:
            connectionState = .application(
                ApplicationState(
                    confirmedAt: date(try row.number(required: state + 8)), reauthReason: try row.text(state + 6)))
        case nil:
            throw CarportError(.corruptStore, "Connection \(id) is of an unknown kind `\(kindText)`.")
        }
        return ConnectionSummary(
            id: id, customer: try row.text(required: offset + 1),
            mode: ConnectMode(rawValue: try row.text(required: offset + 2)) ?? .live,
            scopes: scopes.split(try row.text(required: offset + 3)), state: connectionState)
    }

    package static func vehicle(from row: some StoredRow, at offset: Int = 0) throws -> Vehicle {
        Vehicle(
            id: try row.text(required: offset), connectionId: try row.text(required: offset + 1),
            make: try row.text(required: offset + 2), model: try row.text(required: offset + 3),
            year: try row.integer(offset + 4) ?? Vehicle.unknownYear, vin: try row.text(offset + 5),
            lastSeenAt: try row.number(offset + 6).map(date))
    }

    /// A row of `auditColumns`.
    package static func auditEntry(from row: some StoredRow) throws -> AuditEntry {
        AuditEntry(
            at: date(try row.number(required: 0)), osUser: try row.text(required: 1), host: try row.text(2),
            action: try row.text(required: 3), connectionId: try row.text(4), vehicleId: try row.text(5),
            outcome: try row.text(required: 6), detail: try row.text(7))
    }

    package static func date(_ seconds: Double) -> Date { Date(timeIntervalSinceReferenceDate: seconds) }
}

/// The scopes column split into a list once per distinct text: a fleet shares a handful of scope
/// sets, so 100,000 rows hold a few arrays rather than 100,000.
package struct ScopeTexts {
    private var split: [String: [String]] = [:]

    package init() {}

    package mutating func split(_ text: String) -> [String] {
        if let known = split[text] { return known }
        let scopes = text.split(separator: " ").map(String.init)
        split[text] = scopes
        return scopes
    }
}

/// A pair's columns as stored, its tokens sealed for connection `id`.
package struct SealedPair: Sendable {
    package var accessToken: Data
    package var refreshToken: Data
    package var issuedAt: Double
    package var accessExpiresAt: Double
    package var refreshExpiresAt: Double

    package init(_ tokens: TokenPair, id: String, sealer: Sealer) throws {
        accessToken = try sealer.seal(tokens.accessToken, at: .connection(id, "access_token"))
        refreshToken = try sealer.seal(tokens.refreshToken, at: .connection(id, "refresh_token"))
        issuedAt = tokens.issuedAt.timeIntervalSinceReferenceDate
        accessExpiresAt = tokens.accessExpiresAt.timeIntervalSinceReferenceDate
        refreshExpiresAt = tokens.refreshExpiresAt.timeIntervalSinceReferenceDate
    }
}
