import CarportApp
import CarportCore
import CarportTestSupport
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

/// The team store's password comes from a file when PGPASSWORD is not set (docs/TEAM-STORE.md); a
/// file others can read is refused before any connection is made.
@Suite struct TeamStorePasswordFileTests {
    @Test func thePasswordFileOpensTheTeamStoreAndAnExposedOneIsRefused() async throws {
        let database = try await TeamDatabase.create()
        let home = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("db-password")
        try "\(database.password)\n".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let environment = CarportBinary.environment(
            home: home, extra: ["CARPORT_DATABASE_URL": database.url, "PGPASSWORD_FILE": file.path])
        let exposed = await #expect(throws: CarportError.self) { _ = try await buildCarport(environment: environment) }
        #expect(exposed?.kind == .unsafePermissions && exposed?.message.contains(file.path) == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let carport = try await buildCarport(environment: environment)
        #expect(carport.store.location == "the database carport@\(database.url.dropFirst("postgres://carport@".count))")
        try await carport.store.close()
        await database.drop()
    }
}
