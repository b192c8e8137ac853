import Foundation
import Testing

/// Text snapshots (swift-argument-parser's `assertSnapshot`): compares `text` with the file
/// `Snapshots/<name>.txt` beside the calling test file, and records it instead when
/// `RECORD_SNAPSHOTS=1` or when the file does not exist yet (the test then fails once, so a
/// new snapshot is always looked at).
public func assertSnapshot(
    _ text: String, named name: String, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent("\(name).txt")
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    let existing = try? String(contentsOf: file, encoding: .utf8)
    if record || existing == nil {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("Could not record snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
            return
        }
        if existing == nil {
            Issue.record("Recorded new snapshot \(file.path); check it and run again.", sourceLocation: sourceLocation)
        }
        return
    }
    guard let existing, existing != text else { return }
    Issue.record(
        """
        Snapshot \(name) differs (RECORD_SNAPSHOTS=1 re-records it).
        \(firstDifference(expected: existing, actual: text))
        """, sourceLocation: sourceLocation)
}

private func firstDifference(expected: String, actual: String) -> String {
    let e = expected.components(separatedBy: "\n")
    let a = actual.components(separatedBy: "\n")
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? e[i] : "(none)"
        let al = i < a.count ? a[i] : "(none)"
        if el != al { return "line \(i + 1)\nexpected: \(el)\nactual:   \(al)" }
    }
    return "(same lines, different line endings)"
}
