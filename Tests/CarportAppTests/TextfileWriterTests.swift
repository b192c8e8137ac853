import CarportApp
import CarportCore
import Foundation
import Testing

/// `carport metrics --output`: node_exporter's textfile collector must never read half a file.
struct TextfileWriterTests {
    @Test func replacesTheFileWholeReadableByTheCollectorAndLeavesNothingBeside() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carport-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("carport.prom")
        try "old\n".write(to: file, atomically: false, encoding: .utf8)
        let inode = try FileManager.default.attributesOfItem(atPath: file.path)[.systemFileNumber] as? Int

        let old = umask(0o077)
        defer { umask(old) }
        try TextfileWriter.write("carport_store_size_bytes 1\n", to: file)

        #expect(try String(contentsOf: file, encoding: .utf8) == "carport_store_size_bytes 1\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect(attributes[.posixPermissions] as? Int == 0o644, "readable by the collector despite the umask")
        #expect(attributes[.systemFileNumber] as? Int != inode, "a new file renamed over the old one")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["carport.prom"])
    }

    @Test func aFolderThatIsNotThereIsAnErrorNamingThePath() {
        let file = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/carport.prom")
        let error = #expect(throws: CarportError.self) { try TextfileWriter.write("x\n", to: file) }
        #expect(error?.message.hasPrefix("Cannot write \(file.path): No such file or directory") == true)
    }
}
