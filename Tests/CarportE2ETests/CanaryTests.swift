import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import Testing

/// Runs every operator command with a unique client secret and real tokens, and finds none of them
/// in any output or any file (the store holds them sealed, so not even there in plain text).
struct CanaryTests {
    @Test func noSecretInAnyOutputOrFile() async throws {
        try await SeededWorld.with(
            customers: ["Ada", "Grace"], vehiclesEach: 2,
            adjust: { c in
                if c.id == "c2" { c.pair = OperatorCommandTests.aged(c.pair, by: 3 * 3600) }
            }
        ) { world in
            let car = world.vehicles[0].id
            let other = world.vehicles[3].id
            let commands: [[String]] = [
                ["list"], ["list", "--json"], ["status"], ["status", "--json"], ["show", car], ["show", car, "--json"],
                ["show", other, "--live"], ["show", other, "--live", "--json"], ["lock", car], ["unlock", car],
                ["refresh", "--all"], ["refresh", "--due"], ["metrics"], ["audit"], ["audit", "--json"],
                ["export", "--redacted"],
                ["doctor", "--offline"], ["disconnect", car, "--yes"], ["show", "no-such-vehicle"],
                ["compat", world.vehicles[1].vin ?? "", "--json"], ["compat", "--make", "TESLA", "--country", "US"],
                ["reconcile"], ["reconcile", "--json"],
            ]
            var outputs: [String] = []
            for command in commands {
                let result = try await world.run(command)
                outputs.append("$ carport \(command.joined(separator: " "))\n\(result.stdout)\n\(result.stderr)")
            }
            // An error path: a wrong client secret makes the token service answer invalid_client.
            let wrong = try await world.run(
                ["refresh", "--all"], extra: ["SMARTCAR_CLIENT_SECRET": "CANARY-wrong-secret-55"])
            #expect(wrong.status != 0)
            outputs.append(wrong.stdout + wrong.stderr)

            let store = try SQLiteConnectionStore.open(
                files: StoreFiles(home: world.home.appendingPathComponent("data")),
                clock: SystemClock(), osUser: "tester")
            let current = try await store.connections().flatMap {
                [$0.pair.accessToken.reveal(), $0.pair.refreshToken.reveal()]
            }
            try store.close()
            let secrets = Set(world.secrets() + current + ["CANARY-wrong-secret-55"])
            #expect(secrets.count >= 9, "the initial pairs, the refreshed pairs and the client secrets")

            for output in outputs {
                for secret in secrets { #expect(!output.contains(secret), "a secret leaked in:\n\(output)") }
            }
            let files =
                FileManager.default.enumerator(at: world.home, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath } ?? []
            #expect(files.count >= 2)
            for file in files {
                let bytes = (try? Data(contentsOf: file)) ?? Data()
                for secret in secrets {
                    #expect(
                        bytes.range(of: Data(secret.utf8)) == nil,
                        "\(file.lastPathComponent) holds a secret in plain text")
                }
            }
        }
    }
}
