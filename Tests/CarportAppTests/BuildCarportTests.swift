import CarportApp
import CarportCore
import Foundation
import Testing

@Suite struct BuildCarportTests {
    @Test("a missing configuration value is an error that names the variable, before any store exists")
    func missingConfigurationOpensNoStore() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("carport-app-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let carport = try buildCarport(environment: [
            "HOME": home.path, "CARPORT_HOME": home.appendingPathComponent("data").path,
        ])
        #expect(throws: CarportError.self) { try carport.smartcar() }
    }
}
