import CarportApp
import CarportCore
import Foundation
import Testing

@Suite struct BuildCarportTests {
    @Test("the store opens without client credentials; the live client then names the missing variable")
    func composesWithoutCredentialsUntilSmartcarIsNeeded() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("carport-app-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let carport = try await buildCarport(environment: [
            "HOME": home.path, "CARPORT_HOME": home.appendingPathComponent("data").path,
        ])
        #expect(FileManager.default.fileExists(atPath: carport.store.files.database.path))
        let error = #expect(throws: CarportError.self) { try carport.smartcar() }
        #expect(error?.kind == .configuration && error?.message.contains("SMARTCAR_CLIENT_ID") == true)
    }
}
