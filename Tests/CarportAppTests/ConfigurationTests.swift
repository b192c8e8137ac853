import CarportCore
import Foundation
import Testing

@testable import CarportApp

struct ConfigurationTests {
    static let home = ["HOME": "/home/op"]
    static let configPath = "/home/op/.config/carport/config.toml"

    /// A fake file system: path → text.
    static func files(_ files: [String: String]) -> (URL) throws -> String? {
        { url in files[url.path] }
    }

    @Test func environmentWinsOverTheFile() throws {
        let file = """
            client_id = "from-file"   # a comment
            redirect_uri = "http://localhost:8000/callback"
            mode = "simulated"
            scopes = ["read_vin", "required:read_odometer"]
            """
        let env = Self.home.merging(["SMARTCAR_CLIENT_ID": "from-env", "SMARTCAR_CLIENT_SECRET": "s3cret"]) { $1 }
        let config = try Configuration.load(environment: env, readFile: Self.files([Self.configPath: file]))
        #expect(config.clientId == "from-env")
        #expect(config.redirectURI == "http://localhost:8000/callback")
        #expect(config.mode == .simulated)
        #expect(config.scopes == ["read_vin", "required:read_odometer"])
        #expect(try config.requireClientSecret().reveal() == "s3cret")
        #expect(config.file?.path == Self.configPath)
    }

    @Test func missingValuesNameTheVariableAndTheFileKey() throws {
        let config = try Configuration.load(environment: Self.home, readFile: Self.files([:]))
        #expect(throws: CarportError.self) { try config.requireClientId() }
        do {
            _ = try config.requireClientId()
        } catch let error as CarportError {
            #expect(error.kind == .configuration)
            #expect(error.message.contains("SMARTCAR_CLIENT_ID"))
            #expect(error.message.contains("client_id"))
        }
        do {
            _ = try config.requireRedirectURI()
        } catch let error as CarportError {
            #expect(error.message.contains("SMARTCAR_REDIRECT_URI") && error.message.contains("redirect_uri"))
        }
        do {
            _ = try config.requireClientSecret()
        } catch let error as CarportError {
            #expect(error.message.contains("SMARTCAR_CLIENT_SECRET") && error.message.contains("client_secret_file"))
        }
    }

    @Test(arguments: [
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000/oauth/token"),
        ("http://127.0.0.1:9000/", "http://127.0.0.1:9000/oauth/token"),
        ("http://127.0.0.1:9000/oauth/token", "http://127.0.0.1:9000/oauth/token"),
        ("https://auth.smartcar.com", "https://auth.smartcar.com/oauth/token"),
    ])
    func authOriginAsOriginOrFullURL(_ given: String, _ expected: String) throws {
        let env = Self.home.merging(["SMARTCAR_AUTH_ORIGIN": given]) { $1 }
        let config = try Configuration.load(environment: env, readFile: Self.files([:]))
        #expect(config.tokenURL.absoluteString == expected)
    }

    @Test func productionDefaults() throws {
        let config = try Configuration.load(environment: Self.home, readFile: Self.files([:]))
        #expect(config.tokenURL.absoluteString == "https://auth.smartcar.com/oauth/token")
        #expect(config.apiOrigin.absoluteString == "https://api.smartcar.com")
        #expect(config.connectOrigin.absoluteString == "https://connect.smartcar.com")
        #expect(config.mode == .live)
        #expect(config.home.path == "/home/op/.local/share/carport")
    }

    @Test func dataHomeFollowsCarportHomeThenXDG() throws {
        let xdg = try Configuration.load(
            environment: Self.home.merging(["XDG_DATA_HOME": "/d"]) { $1 },
            readFile: Self.files([:]))
        #expect(xdg.home.path == "/d/carport")
        let explicit = try Configuration.load(
            environment: Self.home.merging(["CARPORT_HOME": "/c", "XDG_DATA_HOME": "/d"]) { $1 },
            readFile: Self.files([:]))
        #expect(explicit.home.path == "/c")
    }

    @Test func clientSecretFromAFileNamedInTheConfig() throws {
        let files = Self.files([
            Self.configPath: #"client_secret_file = "/run/secret""#, "/run/secret": "  abc-secret\n",
        ])
        let config = try Configuration.load(environment: Self.home, readFile: files)
        #expect(try config.requireClientSecret().reveal() == "abc-secret")
    }

    @Test func aMissingSecretFileIsAClearError() {
        let files = Self.files([Self.configPath: #"client_secret_file = "/run/nope""#])
        #expect {
            try Configuration.load(environment: Self.home, readFile: files)
        } throws: { error in
            (error as? CarportError)?.message.contains("/run/nope") == true
        }
    }

    @Test(arguments: [
        ("mode = \"fast\"", "must be live, simulated or test"),
        ("colour = \"blue\"", "unknown key `colour`"),
        ("[smartcar]", "tables are not supported"),
        ("client_id = \"open", "not closed"),
        ("client_id = 42", "must be a string"),
        ("api_origin = \"ftp://x\"", "over https only"),
        ("scopes = \"read_vin\"", "must be an array of strings"),
        ("client_id = \"a\"\nclient_id = \"b\"", "set twice"),
    ])
    func badFilesAreClearErrorsWithTheLine(_ text: String, _ expected: String) {
        #expect {
            try Configuration.load(environment: Self.home, readFile: Self.files([Self.configPath: text]))
        } throws: { error in
            guard let error = error as? CarportError, error.kind == .configuration else { return false }
            return error.message.contains(expected) && error.message.contains(Self.configPath)
        }
    }

    @Test func tomlArraysOverSeveralLinesAndEscapes() throws {
        let parsed = try ConfigurationFile(
            parsing: """
                scopes = [
                  "read_vin",  # first
                  'required:read_odometer',
                ]
                label = "a \\"quoted\\" # not a comment"
                on = true
                n = 1_000
                """, path: "t.toml")
        #expect(parsed.values["scopes"] == .strings(["read_vin", "required:read_odometer"]))
        #expect(parsed.values["label"] == .string("a \"quoted\" # not a comment"))
        #expect(parsed.values["on"] == .other("boolean"))
        #expect(parsed.values["n"] == .other("integer"))
    }

    @Test func aCRLFFileLoads() throws {
        let file = [
            "# Carport, written on Windows",
            "client_id = \"crlf-id\"",
            "redirect_uri = \"http://localhost:8000/callback\"   # trailing comment",
            "mode = \"test\"",
            "scopes = [\"read_vin\", \"read_odometer\"]",
            "",
        ].joined(separator: "\r\n")
        let config = try Configuration.load(environment: Self.home, readFile: Self.files([Self.configPath: file]))
        #expect(config.clientId == "crlf-id")
        #expect(config.redirectURI == "http://localhost:8000/callback")
        #expect(config.mode == .test)
        #expect(config.scopes == ["read_vin", "read_odometer"])
    }

    @Test func fullLineAndTrailingCommentsAreIgnored() throws {
        let file = """
            # The application registered in the Smartcar dashboard.
              # an indented comment
            client_id = "id-1" # trailing, after a string
            redirect_uri = 'http://localhost:8000/callback#frag'  # a `#` inside a string stays

            mode = "simulated"#no space before it
            """
        let config = try Configuration.load(environment: Self.home, readFile: Self.files([Self.configPath: file]))
        #expect(config.clientId == "id-1")
        #expect(config.redirectURI == "http://localhost:8000/callback#frag")
        #expect(config.mode == .simulated)
    }

    @Test(arguments: ["\n", "\r\n"])
    func aMultiLineScopesArray(_ newline: String) throws {
        let file = [
            "scopes = [",
            "    \"read_vin\",           # why: the VIN identifies the car",
            "    # a comment between items",
            "    \"required:read_odometer\",",
            "    'read_battery',",
            "]",
        ].joined(separator: newline)
        let config = try Configuration.load(environment: Self.home, readFile: Self.files([Self.configPath: file]))
        #expect(config.scopes == ["read_vin", "required:read_odometer", "read_battery"])
    }

    @Test func aSyntaxErrorNamesTheFileAndTheLine() {
        let file = """
            client_id = "id-1"
            # a comment
            redirect_uri = http://localhost:8000/callback
            """
        #expect {
            try Configuration.load(environment: Self.home, readFile: Self.files([Self.configPath: file]))
        } throws: { error in
            guard let error = error as? CarportError, error.kind == .configuration else { return false }
            return error.message.contains("\(Self.configPath), line 3") && error.message.contains("Fix the line")
                && error.message.contains("needs quotes")
        }
    }

    @Test(arguments: [
        ("scopes = [\"read_vin\", 3]", "`scopes` must be an array of strings; got a value of type array of integer"),
        ("scopes = 3", "`scopes` must be an array of strings"),
        ("redirect_uri = 8000", "`redirect_uri` must be a string; got a value of type integer"),
        ("mode = [\"live\"]", "`mode` must be a string; got an array"),
        ("client_secret_file = true", "`client_secret_file` must be a string"),
    ])
    func wrongTypesNameTheKeyAndTheVariable(_ text: String, _ expected: String) {
        #expect {
            try Configuration.load(environment: Self.home, readFile: Self.files([Self.configPath: text]))
        } throws: { error in
            guard let error = error as? CarportError, error.kind == .configuration else { return false }
            return error.message.contains(expected) && error.message.contains(Self.configPath)
                && error.message.contains("in the environment")
        }
    }

    @Test func unknownKeysListTheKnownOnes() {
        #expect {
            try Configuration.load(
                environment: Self.home, readFile: Self.files([Self.configPath: "client-id = \"x\"\r\n"]))
        } throws: { error in
            let message = (error as? CarportError)?.message ?? ""
            return message.contains("unknown key `client-id`")
                && message.contains(
                    "Known keys: api_client_id, api_client_secret_file, api_origin, application_id, auth_origin, "
                        + "callback_page, client_id, client_secret_file")
        }
    }
}
