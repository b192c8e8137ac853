import CarportApp
import CarportCore
import Foundation
import Testing

/// The Management API's origin and the application management token (`carport reconcile`): the
/// token from its variable, else from the file its `_FILE` variable or `management_token_file`
/// names, read only when `reconcile` needs it (a bad file must not stop `refresh --due`).
struct ConfigurationManagementTests {
    typealias Case = (env: [String: String], file: String?, token: String?, path: String?)

    @Test(
        arguments: [
            (["SMARTCAR_MANAGEMENT_TOKEN": "from-env"], #"management_token_file = "/run/amt""#, "from-env", nil),
            (
                ["SMARTCAR_MANAGEMENT_TOKEN_FILE": "/run/env-amt"], #"management_token_file = "/run/amt""#,
                "from-env-file", "/run/env-amt"
            ),
            ([:], #"management_token_file = "/run/amt""#, "from-config-file", "/run/amt"),
            ([:], nil, nil, nil),
        ] as [Case])
    func theTokenComesFromTheVariableThenAFile(_ given: Case) throws {
        var files = ["/run/amt": " from-config-file\n", "/run/env-amt": "from-env-file\n"]
        files[ConfigurationTests.configPath] = given.file
        let config = try Configuration.load(
            environment: ConfigurationTests.home.merging(given.env) { $1 }, readFile: ConfigurationTests.files(files))
        #expect(config.managementTokenFile?.path == given.path)
        let token = try config.managementTokenFile.map {
            try Configuration.readSecret(at: $0, what: "management token", readFile: ConfigurationTests.files(files))
        }
        #expect((token ?? config.managementToken)?.reveal() == given.token)
    }

    @Test func aMissingTokenFileStopsNoOtherCommandAndIsNamedWhenNeeded() throws {
        let env = ConfigurationTests.home.merging(["SMARTCAR_MANAGEMENT_TOKEN_FILE": "/run/gone"]) { $1 }
        let config = try Configuration.load(environment: env, readFile: ConfigurationTests.files([:]))
        #expect(config.managementToken == nil)
        #expect {
            try Configuration.readSecret(
                at: try #require(config.managementTokenFile), what: "management token",
                readFile: ConfigurationTests.files([:]))
        } throws: { error in
            (error as? CarportError)?.message.contains("The management token file /run/gone does not exist") == true
        }
    }

    @Test func aMissingTokenNamesTheVariableTheFileVariableAndTheKey() throws {
        let config = try Configuration.load(
            environment: ConfigurationTests.home, readFile: ConfigurationTests.files([:]))
        #expect {
            try config.requireManagementToken()
        } throws: { error in
            let message = (error as? CarportError)?.message ?? ""
            return message.contains("SMARTCAR_MANAGEMENT_TOKEN is not set")
                && message.contains("SMARTCAR_MANAGEMENT_TOKEN_FILE") && message.contains("management_token_file")
                && message.contains("never taken from the command line")
        }
    }

    @Test func theOriginDefaultsToSmartcarsAndMayComeFromTheFile() throws {
        let plain = try Configuration.load(
            environment: ConfigurationTests.home, readFile: ConfigurationTests.files([:]))
        #expect(plain.managementOrigin.absoluteString == "https://management.smartcar.com")
        let file = #"management_api_origin = "http://127.0.0.1:8123""#
        let local = try Configuration.load(
            environment: ConfigurationTests.home,
            readFile: ConfigurationTests.files([ConfigurationTests.configPath: file]))
        #expect(local.managementOrigin.absoluteString == "http://127.0.0.1:8123")
        #expect(throws: CarportError.self) {
            try Configuration.load(
                environment: ConfigurationTests.home.merging(["SMARTCAR_MANAGEMENT_API_ORIGIN": "http://example.com"]) {
                    $1
                }, readFile: ConfigurationTests.files([:]))
        }
    }
}
