import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// `carport compat` and the unknown-subcommand answer, the real binary against the emulator.
struct CompatCommandTests {
    @Test func exitCodesFollowTheVerdict() async throws {
        try await SeededWorld.with(customers: ["Ada"], powertrains: [.phev]) { world in
            let phev = try #require(world.vehicles[0].vin)
            let capable = try await world.run(["compat", phev])
            #expect(capable.status == 0, "\(capable.stdout)\(capable.stderr)")
            #expect(capable.stdout.contains("Compatible and capable of every permission asked."))
            #expect(capable.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })

            let bev = "5YJ3E1EA7NF200001"
            await world.emulator.setCompatibility(vin: bev, level: .bev)
            let partly = try await world.run(["compat", bev, "--scope", "read_fuel,read_battery"])
            #expect(partly.status == 3, "\(partly.stdout)\(partly.stderr)")
            let fuel = partly.stdout.split(separator: "\n").first { $0.hasPrefix("read_fuel") }
            #expect(fuel?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first == "no")
            #expect(fuel?.hasSuffix("the vehicle cannot do this (e.g. no tank or battery)") == true, "\(partly.stdout)")
            #expect(partly.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })

            await world.emulator.setCompatibility(vin: bev, level: .incompatible)
            let refused = try await world.run(["compat", bev, "--json"])
            #expect(refused.status == 4, "\(refused.stderr)")
            let body = try OperatorCommandTests.json(refused.stdout)
            #expect(body["verdict"] as? String == "not-compatible" && body["exitCode"] as? Int == 4)
            #expect(body["reason"] as? String == "VEHICLE_NOT_COMPATIBLE")
            #expect(
                Set(body.keys) == [
                    "vin", "country", "verdict", "exitCode", "sentence", "compatible", "reason", "permissions",
                    "capabilities",
                ])
        }
    }

    @Test func malformedVINAndBadCredentialsFailClearly() async throws {
        try await SeededWorld.with(customers: []) { world in
            let before = await world.emulator.counters().apiCalls
            let typo = try await world.run(["compat", "5YJ3E1EA7NF10000O"])
            #expect(typo.status == 1 && typo.stderr.contains("which VINs never use (read it as 0)"), "\(typo.stderr)")
            #expect(await world.emulator.counters().apiCalls == before, "no request for a malformed VIN")

            let wrong = try await world.run(
                ["compat", "5YJ3E1EA7NF100001"], extra: ["SMARTCAR_CLIENT_SECRET": "CANARY-wrong-secret-31"])
            #expect(wrong.status == 1)
            #expect(wrong.stderr.contains("rejected the client credentials"), "\(wrong.stderr)")
            #expect(!(wrong.stdout + wrong.stderr).contains("CANARY-wrong-secret-31"))
        }
    }

    @Test func matrixListsAMakesModels() async throws {
        try await SeededWorld.with(customers: []) { world in
            let tesla = try await world.run(["compat", "--make", "tesla", "--country", "US"])
            #expect(tesla.status == 0 && tesla.stdout.contains("TESLA Model 3"), "\(tesla.stderr)")
            let none = try await world.run(["compat", "--make", "LADA", "--country", "US", "--json"])
            let listed = try OperatorCommandTests.json(none.stdout)["models"] as? [Any]
            #expect(none.status == 4 && listed?.isEmpty == true)
            let noCountry = try await world.run(["compat", "--make", "TESLA"])
            #expect(noCountry.status == 64 && noCountry.stderr.contains("--make needs --country"))
        }
    }

    @Test func anUnknownSubcommandNamesTheRealOnes() async throws {
        let result = try await ChildProcess.run(
            CarportBinary.path, ["conect", "--customer", "X"],
            environment: CarportBinary.environment(home: try CarportBinary.temporaryHome()))
        #expect(result.status == 64)
        #expect(result.stderr.contains("`conect` is not a command. Did you mean `carport connect`?"))
        #expect(result.stderr.contains("compat, connect") && !result.stderr.contains("carport tui [--read-only]"))
    }
}
