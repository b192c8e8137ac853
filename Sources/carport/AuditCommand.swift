import ArgumentParser
import CarportApp
import CarportCore
import CarportTUI
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit log, newest first. Tokens appear only as short keyed fingerprints.")

    @Option(help: "Only entries newer than this: a duration (24h, 7d) or a date (2026-11-01 or ISO-8601).")
    var since: String?

    @Option(help: "At most this many entries.")
    var limit = 200

    @Flag(help: "Print JSON (see docs/JSON.md).")
    var json = false

    func validate() throws {
        if let since, Self.date(since, now: Date()) == nil {
            throw ValidationError("`\(since)` is neither a duration (24h, 7d) nor a date (2026-11-01).")
        }
    }

    static func date(_ text: String, now: Date) -> Date? {
        if let span = DurationText.parse(text) { return now.addingTimeInterval(-span) }
        if let date = ISOTimestamp.parse(text) { return date }
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        return day.date(from: text)
    }

    func run() async throws {
        let carport = try await CommandFailure.reporting { try await buildCarport() }
        let now = carport.clock.now()
        let entries = try await CommandFailure.reporting {
            try await carport.store.auditLog(since: since.flatMap { Self.date($0, now: now) }, limit: limit)
        }
        if json {
            try JSONOutput.print(entries.map(Entry.init))
            return
        }
        guard !entries.isEmpty else {
            Console.print("The audit log has no entries\(since == nil ? "" : " in that period").")
            return
        }
        var table = TextTable(columns: [
            .init(title: "WHEN (UTC)", minWidth: 19, flex: 0), .init(title: "USER@HOST", minWidth: 9, flex: 2),
            .init(title: "ACTION", minWidth: 6, flex: 1), .init(title: "OUTCOME", minWidth: 7, flex: 1),
            .init(title: "ON", minWidth: 8, flex: 3), .init(title: "DETAIL", minWidth: 10, flex: 4),
        ])
        table.rows = entries.map { e in
            [
                (String(Format.utc(e.at).dropLast(4)), nil), (e.host.map { "\(e.osUser)@\($0)" } ?? e.osUser, nil),
                (e.action, nil),
                (e.outcome, e.outcome == "ok" ? Role.healthy : .error),
                ([e.connectionId, e.vehicleId].compactMap { $0 }.joined(separator: " "), nil), (e.detail ?? "", nil),
            ]
        }
        Console.print(table, width: max(TerminalStyle.width(), 100))
    }

    struct Entry: Encodable {
        let at: Date
        let user: String
        /// Null for entries written before hosts were recorded.
        @NullEncoded var host: String?
        let action: String
        @NullEncoded var connectionId: String?
        @NullEncoded var vehicleId: String?
        let outcome: String
        @NullEncoded var detail: String?
        init(_ e: AuditEntry) {
            at = e.at
            user = e.osUser
            host = e.host
            action = e.action
            connectionId = e.connectionId
            vehicleId = e.vehicleId
            outcome = e.outcome
            detail = e.detail
        }
    }
}
