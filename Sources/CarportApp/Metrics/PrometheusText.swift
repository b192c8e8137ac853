import Foundation

/// Text in Prometheus' exposition format (version 0.0.4), one metric family at a time: `# HELP`,
/// `# TYPE`, then its samples, each family once (docs: README, "Metrics").
public struct PrometheusText: Sendable {
    public enum Kind: String, Sendable {
        case gauge, counter
    }

    /// One line of a family: its labels in order, and its value.
    public struct Sample: Sendable {
        public var labels: [(name: String, value: String)]
        public var value: Double

        public init(_ labels: [(name: String, value: String)], _ value: Double) {
            self.labels = labels
            self.value = value
        }

        public init(_ value: Double) { self.init([], value) }
    }

    public private(set) var text = ""

    public init() {}

    /// Adds a family; one without samples is left out (Prometheus reads no sample as absent).
    public mutating func family(_ name: String, _ kind: Kind, help: String, _ samples: [Sample]) {
        guard !samples.isEmpty else { return }
        text += "# HELP \(name) \(Self.escapedHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
        for sample in samples {
            let labels = sample.labels.map { "\($0.name)=\"\(Self.escapedLabel($0.value))\"" }
            text += name + (labels.isEmpty ? "" : "{\(labels.joined(separator: ","))}")
            text += " \(Self.number(sample.value))\n"
        }
    }

    /// Whole numbers without a fraction (counts, Unix seconds); the rest as Swift prints a Double,
    /// which Prometheus parses; NaN and the infinities as the format spells them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func escapedHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func escapedLabel(_ text: String) -> String {
        escapedHelp(text).replacingOccurrences(of: "\"", with: "\\\"")
    }
}
