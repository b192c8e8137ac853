import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// The application management token: from the environment or a private file, never from argv,
/// never in any output, error, audit entry or file; a wrong one is named.
struct ReconcileTokenTests {
    /// The environment without the token, and a file holding it with `mode`.
    func tokenFile(_ world: SeededWorld, mode: Int) throws -> [String: String] {
        let file = world.home.appendingPathComponent("management-token")
        try Data((SeededWorld.managementToken + "\n").utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        return ["SMARTCAR_MANAGEMENT_TOKEN": "", "SMARTCAR_MANAGEMENT_TOKEN_FILE": file.path]
    }

    @Test func theTokenComesFromTheEnvironmentOrAPrivateFile() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            #expect(try await world.run(["reconcile"]).status == 0)
            let fromFile = try await world.run(["reconcile"], extra: try tokenFile(world, mode: 0o600))
            #expect(fromFile.status == 0, "\(fromFile.stderr)")

            let exposed = try await world.run(["reconcile"], extra: try tokenFile(world, mode: 0o644))
            #expect(exposed.status == 1 && exposed.stderr.contains("chmod 600"), "\(exposed.stderr)")

            let missing = try await world.run(["reconcile"], extra: ["SMARTCAR_MANAGEMENT_TOKEN": ""])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("SMARTCAR_MANAGEMENT_TOKEN is not set"), "\(missing.stderr)")
            #expect(missing.stderr.contains("never taken from the command line"))

            let argv = try await world.run(["reconcile", "--token", SeededWorld.managementToken])
            #expect(argv.status == 64, "there is no option for the token")
        }
    }

    @Test func aWrongTokenNamesTheVariable() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let wrong = try await world.run(
                ["reconcile"], extra: ["SMARTCAR_MANAGEMENT_TOKEN": "CANARY-wrong-management-token-81"])
            #expect(wrong.status == 1)
            #expect(wrong.stderr.contains("rejected the application management token"), "\(wrong.stderr)")
            #expect(wrong.stderr.contains("SMARTCAR_MANAGEMENT_TOKEN (or SMARTCAR_MANAGEMENT_TOKEN_FILE)"))
            #expect(!(wrong.stdout + wrong.stderr).contains("CANARY-wrong-management-token-81"))
        }
    }

    @Test func theTokenAppearsInNoOutputAuditOrFile() async throws {
        try await SeededWorld.with(customers: ["Ada", "Grace"]) { world in
            _ = await world.emulator.seedConnection(vehicleCount: 1)
            #expect(await world.emulator.revokeFamily(ofToken: world.connections[1].pair.refreshToken))
            let fromFile = try tokenFile(world, mode: 0o600)
            var outputs: [String] = []
            for (arguments, extra) in [
                (["reconcile"], [:]), (["reconcile", "--json"], fromFile),
                (["reconcile", "--disconnect-orphans", "--yes"], [:]),
                (["reconcile"], ["SMARTCAR_MANAGEMENT_TOKEN": "CANARY-wrong-management-token-82"]),
                (["audit", "--json"], [:]), (["list", "--json"], [:]), (["export", "--redacted"], [:]),
            ] as [([String], [String: String])] {
                let result = try await world.run(arguments, extra: extra)
                outputs.append(result.stdout + result.stderr)
            }
            #expect(outputs[0].contains("Orphans at Smartcar") && outputs[2].contains("Removed 1 of 1"))
            let secrets = [SeededWorld.managementToken, "CANARY-wrong-management-token-82"]
            for output in outputs {
                for secret in secrets { #expect(!output.contains(secret), "the token leaked in:\n\(output)") }
            }
            let data = world.home.appendingPathComponent("data")
            let files = try FileManager.default.contentsOfDirectory(at: data, includingPropertiesForKeys: nil)
            #expect(!files.isEmpty)
            for file in files where !file.hasDirectoryPath {
                let bytes = try Data(contentsOf: file)
                for secret in secrets {
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file.lastPathComponent) holds the token")
                }
            }
        }
    }
}
