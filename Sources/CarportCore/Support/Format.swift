import Foundation

/// Short texts for clocks and outcomes, as the list and the detail show them.
public enum Format {
    /// `1h52m`, `9m`, `45s`, `3d4h`; negative spans get a leading `-`.
    public static func span(_ seconds: TimeInterval) -> String {
        let sign = seconds < 0 ? "-" : ""
        let s = Int(abs(seconds).rounded(.down))
        let days = s / 86_400
        let hours = (s % 86_400) / 3600
        let minutes = (s % 3600) / 60
        if days >= 10 { return "\(sign)\(days)d" }
        if days > 0 { return "\(sign)\(days)d\(hours)h" }
        if hours > 0 { return "\(sign)\(hours)h\(String(format: "%02d", minutes))m" }
        if minutes > 0 { return "\(sign)\(minutes)m" }
        return "\(sign)\(s)s"
    }

    /// A wait so far, to the second: `42s`, `2m05s`.
    public static func elapsed(_ seconds: TimeInterval) -> String {
        let s = Int(max(0, seconds).rounded(.down))
        return s < 60 ? "\(s)s" : "\(s / 60)m\(String(format: "%02d", s % 60))s"
    }

    /// How long ago `date` was: `2h05m ago` (a clock ahead of ours is `0s ago`).
    public static func ago(_ date: Date, now: Date) -> String { "\(span(max(0, now.timeIntervalSince(date)))) ago" }

    /// The largest unit only: `3m`, `2h`, `58d`.
    public static func coarse(_ seconds: TimeInterval) -> String {
        let s = Int(abs(seconds).rounded(.down))
        let sign = seconds < 0 ? "-" : ""
        if s >= 86_400 { return "\(sign)\(s / 86_400)d" }
        if s >= 3600 { return "\(sign)\(s / 3600)h" }
        if s >= 60 { return "\(sign)\(s / 60)m" }
        return "\(sign)\(s)s"
    }

    /// The access token's clock: time left, or `expired`; `v3` for a v3 connection, which calls
    /// with the application's token.
    public static func access(_ state: ConnectionState, now: Date) -> String {
        guard let tokens = state.tokens else { return "v3" }
        let left = tokens.accessExpiresAt.timeIntervalSince(now)
        return left > 0 ? span(left) : "expired"
    }

    /// The refresh token's runway: time left, or `gone`; `—` for a v3 connection (it has none).
    public static func runway(_ state: ConnectionState, now: Date) -> String {
        guard let tokens = state.tokens else { return "—" }
        let left = tokens.refreshExpiresAt.timeIntervalSince(now)
        return left > 0 ? span(left) : "gone"
    }

    /// What a connection last did: a pair's last refresh (`lastRefresh`), or for a v3 connection
    /// the vehicle's last successful read, `read 2h` or `not read`.
    public static func lastActivity(_ state: ConnectionState, lastRead: Date?, now: Date) -> String {
        guard case .application = state else { return lastRefresh(state.tokens?.lastRefresh, now: now) }
        return lastRead.map { "read \(coarse(max(0, now.timeIntervalSince($0))))" } ?? "not read"
    }

    /// The last refresh's outcome and age: `ok 2h`, `failed 5m`, `revoked 1d2h`, `never`.
    public static func lastRefresh(_ record: RefreshRecord?, now: Date) -> String {
        guard let record else { return "never" }
        let age = coarse(max(0, now.timeIntervalSince(record.attemptedAt))) // as `age`: never "-0s"
        return "\(refreshWord(record.outcome)) \(age)"
    }

    /// The word of `lastRefresh`: `ok`, `failed`, `revoked`, `lost`, `in flight`, or `never` for nil.
    public static func refreshWord(_ outcome: RefreshRecord.Outcome?) -> String {
        switch outcome {
        case .succeeded?: "ok"
        case .transientFailure?: "failed"
        case .revoked?: "revoked"
        case .answerLost?: "lost"
        case .inFlight?: "in flight"
        case nil: "never"
        }
    }

    /// How old a reading is: `data 3m old`, or `data age unknown`; with `fetchedAt` (Smartcar's
    /// `SC-Fetched-At`), also when Smartcar fetched it: `data 3m old, fetched 5s ago`.
    public static func age(_ date: Date?, fetchedAt: Date? = nil, now: Date) -> String {
        // A clock ahead of ours is "0s", not "-0s".
        let recorded = date.map { "data \(span(max(0, now.timeIntervalSince($0)))) old" } ?? "data age unknown"
        guard let fetchedAt else { return recorded }
        return "\(recorded), fetched \(span(max(0, now.timeIntervalSince(fetchedAt)))) ago"
    }

    /// `1,234` style grouping without depending on the locale.
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `2026-11-29 10:17:02 UTC`, computed without a formatter (the title draws it every second).
    public static func utc(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(year)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60)) UTC"
    }
}
