import CarportApp
import CarportCore
import CarportTestSupport
import Foundation
import Testing

/// A v3 application's settings (docs/SMARTCAR.md §10): from the environment, a `_FILE` variable or
/// config.toml; bare origins held to the same rule as every origin; the kinds configured.
struct ConfigurationV3Tests {
    typealias T = ConfigurationTests

    static func load(_ env: [String: String], files: [String: String] = [:]) throws -> Configuration {
        try Configuration.load(environment: T.home.merging(env) { $1 }, readFile: T.files(files))
    }

    @Test func theEnvironmentGivesEverySetting() throws {
        let config = try Self.load([
            "SMARTCAR_APPLICATION_ID": "app-uuid", "SMARTCAR_API_CLIENT_ID": "client_1",
            "SMARTCAR_API_CLIENT_SECRET": "s3", "SMARTCAR_IAM_ORIGIN": "http://127.0.0.1:8123",
            "SMARTCAR_VEHICLE_API_V3_ORIGIN": "https://v3.example.com/",
        ])
        #expect(try config.requireApplicationId() == "app-uuid")
        #expect(try config.requireAPIClientId() == "client_1")
        #expect(try config.requireAPIClientSecret().reveal() == "s3" && config.apiClientSecretFile == nil)
        #expect(config.iamOrigin.absoluteString == "http://127.0.0.1:8123")
        #expect(config.vehicleAPIV3Origin.absoluteString == "https://v3.example.com/")
    }

    @Test func configTomlHoldsTheSameKeysAndTheSecretFileComesFromTheVariableFirst() throws {
        let file = """
            application_id = "app-from-file"
            api_client_id = "client_file"
            api_client_secret_file = "/run/api-secret"
            iam_origin = "https://iam.example.com"
            vehicle_api_v3_origin = "https://vehicle.example.com"
            """
        let files = [T.configPath: file, "/run/api-secret": "from-file\n", "/run/env-secret": " from-env-file \n"]
        let config = try Self.load([:], files: files)
        #expect(config.applicationId == "app-from-file" && config.apiClientId == "client_file")
        #expect(
            config.apiClientSecret?.reveal() == "from-file" && config.apiClientSecretFile?.path == "/run/api-secret")
        #expect(config.iamOrigin.absoluteString == "https://iam.example.com")
        let env = try Self.load(["SMARTCAR_API_CLIENT_SECRET_FILE": "/run/env-secret"], files: files)
        #expect(env.apiClientSecret?.reveal() == "from-env-file" && env.apiClientSecretFile?.path == "/run/env-secret")
    }

    @Test func theDefaultsAreSmartcarsAndAMissingSecretNamesEveryWayToGiveIt() throws {
        let config = try Self.load([:])
        #expect(config.iamOrigin.absoluteString == "https://iam.smartcar.com")
        #expect(config.vehicleAPIV3Origin.absoluteString == "https://vehicle.api.smartcar.com")
        let error = #expect(throws: CarportError.self) { try config.requireAPIClientSecret() }
        let message = error?.message ?? ""
        #expect(message.contains("SMARTCAR_API_CLIENT_SECRET_FILE") && message.contains("api_client_secret_file"))
        #expect(message.contains("never taken from the command line"))
    }

    @Test(arguments: [
        ("SMARTCAR_IAM_ORIGIN", "http://iam.example.com", "https"),
        ("SMARTCAR_VEHICLE_API_V3_ORIGIN", "http://10.0.0.1", "https"),
        ("SMARTCAR_VEHICLE_API_V3_ORIGIN", "https://vehicle.api.smartcar.com/v3", "bare origin"),
        ("SMARTCAR_IAM_ORIGIN", "https://iam.smartcar.com/oauth2/token", "bare origin"),
    ])
    func originsAreCheckedLikeEveryOther(variable: String, value: String, says: String) {
        let error = #expect(throws: CarportError.self) { try Self.load([variable: value]) }
        #expect(error?.kind == .configuration)
        #expect(
            error?.message.contains(variable) == true && error?.message.contains(says) == true,
            "\(error?.message ?? "")")
    }

    @Test(arguments: [
        ([String: String](), [ApplicationKind]()),
        (["SMARTCAR_CLIENT_ID": "cid", "SMARTCAR_CLIENT_SECRET": "s"], [.classic]),
        (["SMARTCAR_APPLICATION_ID": "app"], [.v3]),
        (["SMARTCAR_API_CLIENT_ID": "client_1", "SMARTCAR_API_CLIENT_SECRET": "s"], [.v3]),
        (
            ["SMARTCAR_CLIENT_ID": "cid", "SMARTCAR_APPLICATION_ID": "app", "SMARTCAR_API_CLIENT_ID": "client_1"],
            [.classic, .v3]
        ),
    ])
    func theKindsFollowWhatIsSet(env: [String: String], kinds: [ApplicationKind]) throws {
        #expect(try Self.load(env).applicationKinds == kinds)
    }

    /// The classic variables keep their meaning beside the v3 ones (a migrating app has both).
    @Test func classicSettingsAreUntouchedByV3Ones() throws {
        let config = try Self.load([
            "SMARTCAR_CLIENT_ID": "legacy-uuid", "SMARTCAR_CLIENT_SECRET": "legacy",
            "SMARTCAR_API_CLIENT_ID": "client_1",
            "SMARTCAR_API_CLIENT_SECRET": "api",
        ])
        #expect(try config.requireClientId() == "legacy-uuid")
        #expect(try config.requireClientSecret().reveal() == "legacy")
        #expect(try config.requireAPIClientSecret().reveal() == "api")
    }

    @Test func aSecretFileOthersCanReadIsRefusedWhenTheClientIsBuilt() async throws {
        let home = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let secret = home.appendingPathComponent("api-secret")
        try "s3cret\n".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secret.path)
        let env = [
            "HOME": home.path, "CARPORT_HOME": home.appendingPathComponent("data").path,
            "SMARTCAR_API_CLIENT_ID": "client_1", "SMARTCAR_API_CLIENT_SECRET_FILE": secret.path,
        ]
        let carport = try await buildCarport(environment: env)
        let error = #expect(throws: CarportError.self) { try carport.smartcarV3() }
        #expect(error?.kind == .unsafePermissions && error?.message.contains("chmod 600") == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        _ = try carport.smartcarV3()
    }
}
