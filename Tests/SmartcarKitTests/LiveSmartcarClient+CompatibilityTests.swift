import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit
import Testing

/// The compatibility API's requests and answers as Smartcar documents them (docs/SMARTCAR.md §5.9).
@Suite struct LiveSmartcarClientCompatibilityTests {
    /// Smartcar's documented example answer.
    static let documented = """
        {"compatible": true, "reason": null, "capabilities": [
          {"capable": false, "endpoint": "/engine/oil", "permission": "read_engine_oil", "reason": "SMARTCAR_NOT_CAPABLE"},
          {"capable": true, "endpoint": "/battery", "permission": "read_battery", "reason": null},
          {"capable": true, "endpoint": "/vin", "permission": "read_vin", "reason": null}]}
        """

    static let query = CompatibilityQuery(
        vin: "5YJ3E1EA7NF100001", country: "US", permissions: ["read_engine_oil", "read_battery", "read_vin"])

    @Test func theCheckSendsBasicCredentialsAndReadsTheDocumentedAnswer() async throws {
        let h = try ClientHarness([.json(200, Self.documented)])
        let answer = try await h.client.compatibility(Self.query)
        #expect(answer.compatible && answer.reason == nil && answer.capabilities.count == 3)
        #expect(
            answer.capabilities[0]
                == .init(
                    permission: "read_engine_oil", endpoint: "/engine/oil", capable: false,
                    reason: "SMARTCAR_NOT_CAPABLE"))
        let request = try #require(await h.transport.requests.first)
        #expect(request.url?.path == "/v2.0/compatibility")
        #expect(request.url?.query == "vin=5YJ3E1EA7NF100001&scope=read_engine_oil+read_battery+read_vin&country=US")
        let basic = Data("cid:\(ClientHarness.secret)".utf8).base64EncodedString()
        #expect(request.value(forHTTPHeaderField: "Authorization") == "Basic \(basic)")
    }

    @Test func theMatrixIsFlattenedPerMake() async throws {
        let body = """
            {"TESLA": [{"model": "3", "startYear": 2017, "endYear": 2023, "type": "BEV",
              "endpoints": ["EV battery"], "permissions": ["read_battery"]}]}
            """
        let h = try ClientHarness([.json(200, body)])
        let models = try await h.client.models(make: "TESLA", region: .europe)
        #expect(
            models == [
                MatrixModel(
                    make: "TESLA", model: "3", startYear: 2017, endYear: 2023, powertrain: "BEV",
                    permissions: ["read_battery"], features: ["EV battery"])
            ])
        #expect(await h.transport.requests.first?.url?.query == "region=EUROPE&make=TESLA")
    }

    @Test(arguments: [(401, CarportError.Kind.configuration, "SMARTCAR_CLIENT_SECRET"), (403, .api, "Enterprise")])
    func refusalsNameTheirCause(status: Int, kind: CarportError.Kind, says: String) async throws {
        let type = status == 401 ? "AUTHENTICATION" : "PERMISSION"
        let error =
            #"{"type":"\#(type)","code":null,"description":"No.","docURL":"d","statusCode":\#(status),"requestId":"r","resolution":{"type":null}}"#
        let h = try ClientHarness([.json(status, error)])
        do {
            _ = try await h.client.compatibility(Self.query)
            Issue.record("a \(status) was accepted")
        } catch let failure as CarportError {
            #expect(failure.kind == kind && failure.message.contains(says), "\(failure.message)")
            #expect(!failure.message.contains(ClientHarness.secret))
        }
    }
}
