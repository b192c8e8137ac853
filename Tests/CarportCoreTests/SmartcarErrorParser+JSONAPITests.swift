import CarportCore
import Foundation
import Testing

/// Vehicle API v3's `errors[]` form beside the v2 object, each with its request id
/// (docs/SMARTCAR.md §6.5, §10.6).
struct SmartcarErrorParserJSONAPITests {
    static let json = ["Content-Type": "application/json", "SC-Request-Id": "hdr-id"]

    static func parse(_ status: Int, _ body: String, headers: [String: String] = json) -> CarportError {
        SmartcarErrorParser.parse(status: status, headers: headers, body: Data(body.utf8))
    }

    @Test func theLiveShapeGivesTypeCodeLinkAndTheBodysRequestId() throws {
        let error = Self.parse(
            404,
            #"{"errors":[{"status":"404","type":"RESOURCE_NOT_FOUND","code":"VEHICLE_NOT_FOUND","title":"Not Found","#
                + #""detail":"No vehicle with this id.","links":{"about":"https://smartcar.com/docs/errors"},"#
                + #""meta":{"debug":{"requestId":"body-404"}}}]}"#)
        let details = try #require(error.details)
        #expect(error.kind == .api && details.name == "RESOURCE_NOT_FOUND:VEHICLE_NOT_FOUND")
        #expect(details.statusCode == 404 && details.requestId == "body-404")
        #expect(
            details.docURL == "https://smartcar.com/docs/errors" && details.description == "No vehicle with this id.")
        #expect(error.message.contains("(HTTP 404)") && error.message.hasSuffix("Request id: body-404."))
    }

    @Test(arguments: [
        (401, "AUTHENTICATION", CarportError.Kind.authorizationRevoked),
        (429, "RATE_LIMIT", .rateLimited),
        (502, "UPSTREAM", .transient),
        (501, "COMPATIBILITY", .api),
        (409, "VEHICLE_STATE", .api),
    ])
    func kindsFollowTheV2Types(status: Int, type: String, kind: CarportError.Kind) {
        let error = Self.parse(
            status, #"{"errors":[{"status":"\#(status)","type":"\#(type)","code":"X","detail":"d"}]}"#)
        #expect(error.kind == kind)
        #expect(error.details?.requestId == "hdr-id", "the header's id when the body has none")
    }

    @Test(arguments: [
        (400, CarportError.Kind.api), (401, .authorizationRevoked), (503, .transient), (429, .rateLimited),
    ])
    func theOlderShapeWithoutATypeIsJudgedByStatus(status: Int, kind: CarportError.Kind) {
        let error = Self.parse(
            status, #"{"errors":[{"status":"\#(status)","code":"bad_request","title":"Bad Request"}]}"#)
        #expect(error.kind == kind && error.details?.type == "HTTP_\(status)" && error.details?.code == "bad_request")
        #expect(error.details?.description == "Bad Request" && error.message.contains("Request id: hdr-id"))
    }

    @Test func theSourceAndFurtherErrorsBecomeDetailLines() {
        let error = Self.parse(
            400,
            #"{"errors":[{"status":"400","type":"VALIDATION","code":"MISSING_PARAMETER","detail":"sc-user-id is required","#
                + #""source":{"header":"sc-user-id"}},{"type":"VALIDATION","code":"INVALID_INPUT_FORMAT","detail":"page[size] too big"}]}"#
        )
        #expect(
            error.details?.detail == ["about header sc-user-id", "VALIDATION:INVALID_INPUT_FORMAT: page[size] too big"])
        #expect(error.message.contains("Details: about header sc-user-id; VALIDATION:INVALID_INPUT_FORMAT"))
    }

    @Test func v2ErrorsNowEndWithTheirRequestIdToo() {
        let error = Self.parse(
            409,
            #"{"type":"VEHICLE_STATE","code":"ASLEEP","description":"Asleep.","docURL":"d","statusCode":409,"#
                + #""requestId":"v2-id","resolution":{"type":"RETRY_LATER"}}"#)
        #expect(
            error.message.contains("VEHICLE_STATE:ASLEEP (HTTP 409)") && error.message.hasSuffix("Request id: v2-id."))
        let html = Self.parse(
            502, "<h1>Bad Gateway</h1>", headers: ["Content-Type": "text/html", "SC-Request-Id": "p"])
        #expect(html.message.hasSuffix("Request id: p."))
    }

    @Test func echoedSecretsNeverSurviveInEitherShape() {
        let canary = "CANARY-app-token-77aa"
        for body in [
            #"{"errors":[{"status":"401","type":"AUTHENTICATION","detail":"Bearer \#(canary) is expired"}]}"#,
            #"{"errors":[{"status":"400","code":"bad_request","title":"token=\#(canary)"}]}"#,
        ] {
            let error = SmartcarErrorParser.parse(
                status: 400, headers: Self.json, body: Data(body.utf8), secrets: [Secret(canary)])
            #expect(!error.message.contains(canary) && !(error.details?.description.contains(canary) ?? true))
        }
    }
}
