/// A compatibility answer judged against the permissions asked: one verdict with its exit code,
/// and one row per permission with the reason in words. `carport compat` and the Connect form
/// both show it.
public struct CompatibilityReport: Sendable, Equatable {
    public enum Verdict: String, Sendable, Equatable {
        /// Compatible, and no permission asked is known to be out of reach.
        case capable
        /// Compatible, but at least one permission asked is not capable.
        case notCapable = "not-capable"
        /// The vehicle is not compatible: Connect would end with `vehicle_incompatible`.
        case notCompatible = "not-compatible"

        /// The same meaning as `carport status`'s codes: 0 fine, 3 act on it, 4 cannot go ahead.
        public var exitCode: Int32 {
            switch self {
            case .capable: 0
            case .notCapable: 3
            case .notCompatible: 4
            }
        }
    }

    public struct Row: Sendable, Equatable {
        public var permission: String
        /// nil when Smartcar did not answer for this permission.
        public var capable: Bool?
        /// Smartcar's reason code, when there is one.
        public var reason: String?
        /// `capable`, or why not, in words.
        public var words: String
    }

    public var query: CompatibilityQuery
    public var answer: CompatibilityAnswer
    public var rows: [Row]

    public init(query: CompatibilityQuery, answer: CompatibilityAnswer) {
        self.query = query
        self.answer = answer
        rows = query.permissions.map { Self.row($0, answer: answer, country: query.country) }
    }

    public var verdict: Verdict {
        if !answer.compatible { return .notCompatible }
        return rows.contains { $0.capable == false } ? .notCapable : .capable
    }

    /// The permissions that are known not to be capable: the ones to drop from the request.
    public var notCapable: [String] { rows.filter { $0.capable == false }.map(\.permission) }

    /// The permissions asked that Smartcar did not answer for.
    public var unanswered: [String] { rows.filter { $0.capable == nil }.map(\.permission) }

    /// The verdict in one sentence an operator can act on.
    public var sentence: String {
        switch verdict {
        case .notCompatible:
            return "Not compatible: \(CompatibilityReason.words(answer.reason)). Connect would refuse this vehicle."
        case .notCapable:
            let list = notCapable.joined(separator: ", ")
            return "Compatible, but not capable of \(notCapable.count) of \(rows.count) permissions asked (\(list)). "
                + "Drop them from the request, or the customer cannot grant them."
        case .capable where !unanswered.isEmpty:
            return "Compatible; Smartcar gave no answer for \(unanswered.joined(separator: ", "))"
                + (query.country == "US" ? "." : " (it checks permissions for US vehicles only).")
        case .capable:
            return "Compatible and capable of every permission asked."
        }
    }

    /// Smartcar's own caveat: the answer is likely, not certain.
    public static let caveat =
        "Smartcar's answer is a likelihood from make, model and year, not a guarantee for this exact car."

    private static func row(_ permission: String, answer: CompatibilityAnswer, country: String) -> Row {
        guard answer.compatible else {
            return Row(
                permission: permission, capable: false, reason: answer.reason,
                words: CompatibilityReason.words(answer.reason))
        }
        let answers = answer.capabilities.filter { $0.permission == permission }
        guard !answers.isEmpty else {
            let words = country == "US" ? "no answer from Smartcar" : "not checked outside the US"
            return Row(permission: permission, capable: nil, reason: nil, words: words)
        }
        let refused = answers.filter { !$0.capable }
        guard let first = refused.first else {
            return Row(permission: permission, capable: true, reason: nil, words: "capable")
        }
        if refused.count == answers.count {
            return Row(
                permission: permission, capable: false, reason: first.reason,
                words: CompatibilityReason.words(first.reason))
        }
        let endpoints = refused.compactMap(\.endpoint).joined(separator: ", ")
        return Row(
            permission: permission, capable: true, reason: first.reason,
            words: "capable, except \(endpoints): \(CompatibilityReason.words(first.reason))")
    }
}
