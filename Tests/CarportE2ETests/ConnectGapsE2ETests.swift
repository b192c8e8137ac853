import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// `carport connect` when Smartcar fails after the code exchange : the grant is
/// kept, and `list` and `status` show the connection whose vehicles are not read yet.
struct ConnectGapsE2ETests {
    @Test func aFailedVehicleListKeepsTheConnectionInListAndStatus() async throws {
        let (run, home) = try await ConnectEmulatorTests.connect { emulator in
            await emulator.inject(EmulatorFault.htmlBadGateway(count: nil).at(path: "/vehicles"))
        }
        #expect(run.result.status == 0, "\(run.result.stderr)")
        let document = run.result.stdout.dropFirst(run.firstLine.count + 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let id = try #require(json["connectionId"] as? String)
        #expect((json["missing"] as? String)?.contains("carport refresh \(id)") == true, "\(document)")

        let environment = CarportBinary.environment(home: home)
        let list = try await ChildProcess.run(CarportBinary.path, ["list"], environment: environment)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("ACME fleet") && list.stdout.contains("not read yet"), "\(list.stdout)")
        #expect(list.stdout.contains("run `carport refresh \(id)`"), "\(list.stdout)")

        let status = try await ChildProcess.run(CarportBinary.path, ["status", "--json"], environment: environment)
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let connections = try #require(counts["connections"] as? [String: Any], "\(status.stdout)")
        #expect(connections["total"] as? Int == 1, "\(status.stdout)")
    }
}
