import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

/// `carport doctor` for each kind of application (docs/SMARTCAR.md §10): which kinds are
/// configured, each one's credentials, and online a v3 application token, never shown.
@Suite struct DoctorTests {
    static let classic = ["SMARTCAR_CLIENT_ID": "cid", "SMARTCAR_CLIENT_SECRET": "classic-secret"]
    static let v3 = [
        "SMARTCAR_APPLICATION_ID": EmulatorConfig.demoApplicationId,
        "SMARTCAR_API_CLIENT_ID": EmulatorConfig.demoAPIClientId,
        "SMARTCAR_API_CLIENT_SECRET": "CANARY-api-secret-d0c7",
    ]

    /// The findings' titles and fixes for `env` in a fresh home with no store.
    static func examine(_ env: [String: String], offline: Bool = true) async throws -> [DoctorFinding] {
        let home = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let base = ["HOME": home.path, "CARPORT_HOME": home.appendingPathComponent("data").path]
        return await Doctor.examine(environment: base.merging(env) { $1 }, offline: offline)
    }

    static func titles(_ findings: [DoctorFinding]) -> [String] { findings.map(\.title) }

    @Test func classicOnlyChecksTheClassicCredentials() async throws {
        let titles = Self.titles(try await Self.examine(Self.classic))
        #expect(titles.contains("applications: classic"))
        #expect(titles.contains("client id cid") && titles.contains("client secret (from SMARTCAR_CLIENT_SECRET)"))
        #expect(!titles.contains { $0.hasPrefix("v3") })
    }

    @Test func v3OnlyChecksTheV3CredentialsAndAsksForNoClassicOnes() async throws {
        let findings = try await Self.examine(Self.v3)
        let titles = Self.titles(findings)
        #expect(titles.contains("applications: v3"))
        #expect(titles.contains("v3 application id \(EmulatorConfig.demoApplicationId)"))
        #expect(titles.contains("v3 API client id \(EmulatorConfig.demoAPIClientId)"))
        #expect(titles.contains("v3 API client secret (from SMARTCAR_API_CLIENT_SECRET)"))
        #expect(!titles.contains { $0.hasPrefix("client id") || $0.hasPrefix("client secret") })
        #expect(findings.filter { !$0.ok }.map(\.title) == ["redirect URI"], "only the redirect URI is missing")
    }

    /// A store holding connections of a kind whose application is not configured says so.
    @Test func storedConnectionsOfAnUnconfiguredKindAreNamed() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let carport = try await buildCarport(environment: world.v3Environment)
            _ = try await world.linkV3(carport.v3Linker(), customer: "Vera V3")
            let classicOnly = await Doctor.examine(environment: world.environment, offline: true)
            let unserved = try #require(classicOnly.first { $0.title.hasPrefix("1 v3 connection(s) stored") })
            #expect(!unserved.ok && unserved.fix?.contains("SMARTCAR_APPLICATION_ID") == true)
            let both = await Doctor.examine(environment: world.v3Environment, offline: true)
            #expect(!both.contains { $0.title.contains("connection(s) stored") })
        }
    }

    @Test func bothKindsAreCheckedAndAMissingPartIsNamed() async throws {
        var env = Self.classic.merging(Self.v3) { $1 }
        env["SMARTCAR_APPLICATION_ID"] = nil
        let findings = try await Self.examine(env)
        #expect(Self.titles(findings).contains("applications: classic and v3"))
        #expect(Self.titles(findings).contains("client id cid"))
        let missing = try #require(findings.first { $0.title == "v3 application id" })
        #expect(!missing.ok && missing.fix?.contains("SMARTCAR_APPLICATION_ID") == true)
    }

    @Test func nothingConfiguredSaysHowToConfigureEachKind() async throws {
        let finding = try #require(
            try await Self.examine([:]).first { $0.title == "no Smartcar application configured" })
        #expect(!finding.ok && finding.fix?.contains("SMARTCAR_CLIENT_ID") == true)
        #expect(finding.fix?.contains("SMARTCAR_API_CLIENT_ID") == true)
    }

    @Test func anAPIClientSecretFileOthersCanReadFails() async throws {
        let folder = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("api-secret")
        try "s3\n".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        var env = Self.v3
        env["SMARTCAR_API_CLIENT_SECRET"] = nil
        env["SMARTCAR_API_CLIENT_SECRET_FILE"] = file.path
        let finding = try #require(try await Self.examine(env).first { $0.title.hasPrefix("v3 API client secret") })
        #expect(!finding.ok && finding.fix?.contains("chmod 600") == true)
    }

    /// Online, against the emulator over loopback: a token is fetched and not shown; a wrong secret
    /// is a failure naming the settings, without the secret.
    @Test func onlineAV3TokenIsFetchedAndNeverShown() async throws {
        var config = EmulatorConfig(seedDemoWorld: false)
        config.apiClientSecret = Self.v3["SMARTCAR_API_CLIENT_SECRET"]!
        try await withEmulator(config) { emulator in
            let origin = emulator.baseURL.absoluteString
            var env = Self.v3
            for name in ["CONNECT", "AUTH", "API", "IAM", "VEHICLE_API_V3"] { env["SMARTCAR_\(name)_ORIGIN"] = origin }
            let good = try await Self.examine(env, offline: false)
            let token = try #require(good.first { $0.title.hasPrefix("v3 application token") })
            #expect(token.ok && token.title.contains("not shown"), "\(token)")
            #expect(good.contains { $0.title.hasPrefix("Vehicle API v3 at \(origin)") && $0.ok })
            env["SMARTCAR_API_CLIENT_SECRET"] = "CANARY-wrong-secret-55e1"
            let bad = try #require(
                try await Self.examine(env, offline: false).first { $0.title.hasPrefix("v3 application token") })
            #expect(!bad.ok && bad.fix?.contains("SMARTCAR_API_CLIENT_SECRET") == true, "\(bad)")
            #expect(bad.fix?.contains("CANARY-wrong-secret-55e1") == false)
        }
    }
}
