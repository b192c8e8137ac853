import Foundation
import Testing

/// A strict reader of Prometheus' text format as `carport metrics` writes it: each family's
/// `# HELP` and `# TYPE` once, then its samples; names and labels by Prometheus' naming rules.
/// Anything else is a failed expectation.
struct Exposition {
    struct Sample: Equatable {
        var labels: [String: String]
        var value: Double
    }

    var types: [String: String] = [:]
    var samples: [String: [Sample]] = [:]

    init(_ text: String) {
        #expect(text.hasSuffix("\n"), "the text ends with a newline")
        var family: String?
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()
        for line in lines {
            if let match = line.wholeMatch(of: /# HELP (carport_[a-z_]+) [^\n]+/) {
                #expect(types[String(match.1)] == nil && family != String(match.1), "one HELP per family: \(line)")
                family = String(match.1)
            } else if let match = line.wholeMatch(of: /# TYPE (carport_[a-z_]+) (gauge|counter)/) {
                #expect(family == String(match.1) && types[family!] == nil, "TYPE after its HELP: \(line)")
                types[String(match.1)] = String(match.2)
            } else if let match = line.wholeMatch(
                of: /(carport_[a-z_]+)(?:\{([^}]*)\})? (-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?)/)
            {
                #expect(family == String(match.1) && types[family!] != nil, "a sample inside its family: \(line)")
                samples[String(match.1), default: []].append(
                    Sample(labels: Self.labels(match.2.map(String.init) ?? ""), value: Double(match.3)!))
            } else {
                Issue.record("not a line of the text format: \(line)")
            }
        }
        for (name, type) in types {
            #expect(type == "counter" ? name.hasSuffix("_total") : !name.hasSuffix("_total"), "\(name) is a \(type)")
        }
    }

    static func labels(_ text: String) -> [String: String] {
        var labels: [String: String] = [:]
        for match in text.matches(of: /([a-z_]+)="((?:[^"\\]|\\.)*)"(,|$)/) {
            labels[String(match.1)] = String(match.2)
        }
        let rebuilt = labels.keys.sorted().map { "\($0)=\"\(labels[$0]!)\"" }.joined(separator: ",")
        #expect(rebuilt == text, "labels in order, each once: \(text)")
        return labels
    }

    /// The one value of `name` with exactly these labels.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let found = samples[name, default: []].filter { $0.labels == labels }
        #expect(found.count <= 1)
        return found.first?.value
    }
}
