import CarportCore
import Foundation
import Testing

struct SmartcarErrorParserTests {
    static let json = ["Content-Type": "application/json; charset=utf-8"]

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let status: Int
        var headers: [String: String] = SmartcarErrorParserTests.json
        let body: String
        let kind: CarportError.Kind
        let type: String
        var code: String?
        var retryAfter: Int?
        var resolution: String?
        var messageContains: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "v2: VALIDATION with field errors kept", status: 400,
            body: #"{"type":"VALIDATION","code":null,"description":"Request invalid.","statusCode":400,"#
                + #""detail":[{"field":"test_mode_compatibility_level","message":"is required"},"#
                + #"{"field":["requests",0,"path"],"message":"must start with /"},{"vin":"5YJ3E1EA7NF100001"}]}"#,
            kind: .api, type: "VALIDATION",
            messageContains:
                #"Details: test_mode_compatibility_level: is required; requests.0.path: must start with /; {"vin":"5YJ3E1EA7NF100001"}."#
        ),
        Case(
            name: "OAuth: reused code", status: 400,
            body: #"{"error":"invalid_request","error_description":"Invalid code: THIS_SHOULD_NOT_WORK."}"#,
            kind: .oauth, type: "invalid_request", messageContains: "start a new Connect session"),
        Case(
            name: "OAuth: dead refresh token", status: 400,
            body: #"{"error":"invalid_request","error_description":"Invalid refresh_token: 3e565aed-d4b2-4296."}"#,
            kind: .authorizationRevoked, type: "invalid_request", messageContains: "carport reauth"),
        Case(
            name: "OAuth: invalid_grant", status: 400,
            body: #"{"error":"invalid_grant","error_description":"Unauthorized redirect_uri: http://x"}"#,
            kind: .authorizationRevoked, type: "invalid_grant", messageContains: "reconnect"),
        Case(
            name: "OAuth: bad client credentials", status: 401,
            body: #"{"error":"invalid_client","error_description":"Invalid client credentials."}"#,
            kind: .oauth, type: "invalid_client", messageContains: "SMARTCAR_CLIENT_ID"),
        Case(
            name: "OAuth: token service 503", status: 503,
            body: #"{"error":"server_error","error_description":"Try later."}"#,
            kind: .transient, type: "server_error", messageContains: "Try again later"),
        Case(
            name: "v2: AUTHENTICATION with null code", status: 401,
            body:
                #"{"type":"AUTHENTICATION","code":null,"description":"The authorization header is missing or malformed.","docURL":"https://smartcar.com/docs/errors/api-errors/authentication-errors#null","statusCode":401,"requestId":"5dea93a1-3f79-4246-90c5-89610a20471b","resolution":{"type":null}}"#,
            kind: .authorizationRevoked, type: "AUTHENTICATION", messageContains: "AUTHENTICATION (HTTP 401)"),
        Case(
            name: "v2: VEHICLE_STATE with suggested message", status: 409,
            body:
                #"{"type":"VEHICLE_STATE","code":"ASLEEP","description":"The vehicle is in a sleep state.","docURL":"d","statusCode":409,"requestId":"r-1","resolution":{"type":"RETRY_LATER"},"suggestedUserMessage":"Your vehicle is asleep."}"#,
            kind: .api, type: "VEHICLE_STATE", code: "ASLEEP", resolution: "RETRY_LATER",
            messageContains: "Customer message: Your vehicle is asleep."),
        Case(
            name: "v2: RATE_LIMIT with Retry-After", status: 429,
            headers: ["content-type": "application/json", "retry-after": "17", "sc-request-id": "hdr-id"],
            body:
                #"{"type":"RATE_LIMIT","code":"VEHICLE","description":"Throttled.","docURL":"d","statusCode":429,"requestId":"r-2","resolution":{"type":"RETRY_LATER"}}"#,
            kind: .rateLimited, type: "RATE_LIMIT", code: "VEHICLE", retryAfter: 17, resolution: "RETRY_LATER",
            messageContains: "request limit for this vehicle was reached; try again in 17 s."),
        Case(
            name: "v2: PERMISSION with bare-string resolution (older shape)", status: 403,
            body:
                #"{"type":"PERMISSION","code":null,"description":"Insufficient permissions.","docURL":"d","statusCode":403,"requestId":"r-3","resolution":"REAUTHENTICATE"}"#,
            kind: .api, type: "PERMISSION", resolution: "REAUTHENTICATE", messageContains: "must reconnect"),
        Case(
            name: "v2: UPSTREAM is transient", status: 502,
            body:
                #"{"type":"UPSTREAM","code":"NO_RESPONSE","description":"No response.","docURL":"d","statusCode":502,"requestId":"r-4","resolution":{"type":"RETRY_LATER"}}"#,
            kind: .transient, type: "UPSTREAM", code: "NO_RESPONSE", resolution: "RETRY_LATER",
            messageContains: "Retry later"),
        Case(
            name: "v2: COMPATIBILITY 501 is not transient", status: 501,
            body:
                #"{"type":"COMPATIBILITY","code":"VEHICLE_NOT_CAPABLE","description":"Not capable.","docURL":"d","statusCode":501,"requestId":"r-5","resolution":{"type":null}}"#,
            kind: .api, type: "COMPATIBILITY", code: "VEHICLE_NOT_CAPABLE",
            messageContains: "COMPATIBILITY:VEHICLE_NOT_CAPABLE"),
        Case(
            name: "v2: BILLING contact support quotes the request id", status: 430,
            body:
                #"{"type":"BILLING","code":"VEHICLE_LIMIT","description":"Limit.","docURL":"d","statusCode":430,"requestId":"r-6","resolution":{"type":"CONTACT_SUPPORT"}}"#,
            kind: .api, type: "BILLING", code: "VEHICLE_LIMIT", resolution: "CONTACT_SUPPORT",
            messageContains: "request id r-6"),
        Case(
            name: "v1: vehicle state error", status: 409,
            body: #"{"error":"vehicle_state_error","message":"Vehicle state cannot be determined.","code":"VS_000"}"#,
            kind: .api, type: "vehicle_state_error", code: "VS_000", messageContains: "vehicle_state_error:VS_000"),
        Case(
            name: "v1: authentication error", status: 401,
            body: #"{"error":"authentication_error","message":"Invalid authorization header."}"#,
            kind: .authorizationRevoked, type: "authentication_error", messageContains: "Invalid authorization header"),
        Case(
            name: "non-JSON: HTML 502 from a proxy", status: 502, headers: ["Content-Type": "text/html"],
            body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
            kind: .transient, type: "HTTP_502", messageContains: "502 Bad Gateway"),
        Case(
            name: "JSON body without a content type", status: 500, headers: [:],
            body: #"{"type":"SERVER","code":"INTERNAL"}"#,
            kind: .transient, type: "HTTP_500", messageContains: "no content type"),
        Case(
            name: "broken OAuth body without description", status: 400, body: #"{"error":"invalid_request"}"#,
            kind: .oauth, type: "invalid_request", messageContains: "sent no description"),
        Case(
            name: "JSON that is no known error", status: 418, body: #"{"hello":"world"}"#,
            kind: .api, type: "HTTP_418", messageContains: "HTTP 418"),
    ]

    @Test(arguments: cases)
    func parses(_ c: Case) throws {
        let error = SmartcarErrorParser.parse(status: c.status, headers: c.headers, body: Data(c.body.utf8))
        #expect(error.kind == c.kind)
        let details = try #require(error.details)
        #expect(details.type == c.type)
        #expect(details.code == c.code)
        #expect(details.retryAfter == c.retryAfter)
        #expect(details.resolutionType == c.resolution)
        #expect(error.message.contains(c.messageContains), "\(error.message)")
    }

    @Test func v2BodyFieldsWinOverTheHTTPStatusAndHeaderAsTheSDKsRead() throws {
        let body =
            #"{"type":"SERVER","code":"INTERNAL","description":"x","docURL":"https://d","statusCode":500,"requestId":"body-id","resolution":{"type":"RETRY_LATER"}}"#
        let error = SmartcarErrorParser.parse(
            status: 500, headers: Self.json.merging(["SC-Request-Id": "hdr"]) { $1 },
            body: Data(body.utf8))
        let details = try #require(error.details)
        #expect(details.requestId == "body-id")
        #expect(details.docURL == "https://d")
        #expect(details.statusCode == 500)
    }

    @Test func resolutionURLIsKept() throws {
        let body =
            #"{"type":"CONNECTED_SERVICES_ACCOUNT","code":"AUTHENTICATION_FAILED","description":"x","docURL":"d","statusCode":400,"requestId":"r","resolution":{"type":"REAUTHENTICATE","url":"https://connect.smartcar.com/oauth/reauthenticate?vehicle_id=v"}}"#
        let error = SmartcarErrorParser.parse(status: 400, headers: Self.json, body: Data(body.utf8))
        #expect(error.details?.resolutionURL == "https://connect.smartcar.com/oauth/reauthenticate?vehicle_id=v")
    }

    /// Smartcar echoes tokens in `error_description`; neither the message nor the details keep them.
    @Test func echoedTokensNeverSurvive() {
        let canary = "CANARY-refresh-7f3c9d"
        let body = #"{"error":"invalid_request","error_description":"Invalid refresh_token: \#(canary)."}"#
        let error = SmartcarErrorParser.parse(status: 400, headers: Self.json, body: Data(body.utf8))
        #expect(!"\(error)".contains(canary))
        #expect(!error.message.contains(canary))
        #expect(!(error.details?.description.contains(canary) ?? true))
        var dumped = ""
        dump(error, to: &dumped)
        #expect(!dumped.contains(canary))
    }

    @Test func knownSecretsAreRemovedWherever_They_Appear() {
        let secret = Secret("zz-known-secret-zz")
        let body = "<html>upstream said zz-known-secret-zz</html>"
        let error = SmartcarErrorParser.parse(
            status: 502, headers: ["Content-Type": "text/html"],
            body: Data(body.utf8), secrets: [secret])
        #expect(!error.message.contains(secret.reveal()))
    }
}
