import CarportCore
import CarportTestSupport
import Foundation
import SmartcarKit
import Testing

/// The v3 client on scripted answers shaped as Smartcar documents them (docs/SMARTCAR.md §10).
@Suite struct LiveSmartcarV3ClientTests {
    typealias H = V3ClientHarness

    @Test func theAppTokenIsFetchedWithClientCredentialsAndDatedFromTheRequest() async throws {
        let h = try H([.json(200, #"{"access_token":"CANARY-app-token-c41f","token_type":"Bearer","expires_in":3600}"#)]
        )
        let token = try await h.client.appToken()
        #expect(token.token == H.appToken)
        #expect(token.expiresAt == ClientHarness.now.addingTimeInterval(3600))
        let request = try #require(await h.transport.requests.first)
        #expect(request.httpMethod == "POST" && request.url?.absoluteString == "http://127.0.0.1:9/oauth2/token")
        #expect(request.value(forHTTPHeaderField: "Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.bodyText == "grant_type=client_credentials&client_id=client_abc&client_secret=\(H.secret)")
    }

    @Test(arguments: [400, 401])
    func refusedCredentialsNameTheSettingsAndNeverTheSecret(status: Int) async throws {
        let body = #"{"error":"invalid_client","error_description":"Bad client_secret \#(H.secret)"}"#
        let h = try H([H.answer(status, body, requestId: "iam-7")])
        let error = await #expect(throws: CarportError.self) { try await h.client.appToken() }
        #expect(error?.kind == .configuration)
        let message = error?.message ?? ""
        #expect(message.contains("SMARTCAR_API_CLIENT_ID") && message.contains("SMARTCAR_API_CLIENT_SECRET_FILE"))
        #expect(message.contains("Request id: iam-7"))
        #expect(!message.contains(H.secret) && !(error?.details?.description.contains(H.secret) ?? true))
    }

    @Test func signalsAreDecodedIntoCarportsUnits() async throws {
        let data = [
            H.signal("odometer-traveleddistance", body: #"{"unit":"miles","value":100}"#),
            H.signal("location-preciselocation", body: #"{"latitude":52.52,"longitude":13.405}"#),
            H.signal("tractionbattery-stateofcharge", body: #"{"unit":"percent","value":81.5}"#),
            H.signal("closure-islocked", body: #"{"value":true}"#),
            H.signal("charge-ischarging", body: #"{"value":false}"#),
        ]
        let body = #"{"data":[\#(data.joined(separator: ","))],"meta":{"totalCount":5},"links":{"self":"/x"}}"#
        let h = try H([H.answer(200, body, requestId: "sig-1")])
        let readings = try await h.client.signals(vehicleId: "veh-1", userId: H.userId, appToken: H.appToken)
        #expect(abs((readings.odometer?.value.distanceKm ?? 0) - 160.9344) < 1e-9)
        #expect(readings.location?.value == Location(latitude: 52.52, longitude: 13.405))
        #expect(readings.stateOfCharge?.value == 0.815)
        #expect(readings.isLocked?.value == true && readings.problems.isEmpty)
        #expect(readings.isLocked?.meta.requestId == "sig-1")
        #expect(readings.isLocked?.meta.fetchedAt == ClientHarness.now)
        #expect(readings.isLocked?.meta.dataAge == ClientHarness.now.addingTimeInterval(-60))
        let request = try #require(await h.transport.requests.first)
        #expect(request.url?.path == "/v3/vehicles/veh-1/signals")
        #expect(request.value(forHTTPHeaderField: "sc-user-id") == H.userId)
        #expect(request.value(forHTTPHeaderField: "Authorization") == "Bearer \(H.appToken.reveal())")
    }

    @Test func aSignalSmartcarCouldNotReadIsAProblemNotAReading() async throws {
        let failed =
            #"{"id":"closure-islocked","type":"signal","attributes":{"code":"closure-islocked","#
            + #""status":{"value":"ERROR","error":{"type":"VEHICLE_STATE","code":"ASLEEP"}}}}"#
        let h = try H([H.answer(200, failed, requestId: "one-1")])
        let readings = try await h.client.signal(.isLocked, vehicleId: "v", userId: H.userId, appToken: H.appToken)
        #expect(readings.isLocked == nil)
        let problem = try #require(readings.problems[.isLocked])
        #expect(problem.details?.name == "VEHICLE_STATE:ASLEEP" && problem.message.contains("Request id: one-1"))
        #expect(await h.transport.requests.first?.url?.path == "/v3/vehicles/v/signals/closure-islocked")
    }

    @Test func pagesAreFollowedUntilTheCountIsReached() async throws {
        let connection = { (id: String) in
            #"{"id":"\#(id)","type":"connection","attributes":{"permissions":["read_odometer"],"#
                + #""vehicle":{"make":"TESLA","model":"3","year":2021}},"relationships":{"vehicle":{"data":{"id":"veh-\#(id)"}},"#
                + #""user":{"data":{"id":"user-9a1"}}}}"#
        }
        let h = try H([
            H.answer(200, #"{"data":[\#(connection("c1"))],"meta":{"totalCount":2},"links":{"next":"/p2"}}"#),
            H.answer(200, #"{"data":[\#(connection("c2"))],"meta":{"totalCount":2},"links":{"next":null}}"#),
        ])
        let rows = try await h.client.connections(userId: H.userId, appToken: H.appToken)
        #expect(rows.map(\.id) == ["c1", "c2"] && rows.map(\.vehicleId) == ["veh-c1", "veh-c2"])
        #expect(rows[0].vehicle?.make == "TESLA" && rows[0].permissions == ["read_odometer"])
        let queries = await h.transport.requests.map { $0.url?.query ?? "" }
        #expect(queries[0] == "filter%5BuserId%5D=user-9a1&page%5Bnumber%5D=1&page%5Bsize%5D=50")
        #expect(queries[1].contains("page%5Bnumber%5D=2"))
    }

    @Test func aVehicleIsReadWrappedOrBare() async throws {
        let wrapped =
            #"{"data":{"id":"v1","type":"vehicle","attributes":{"make":"VOLVO","model":"EX30","year":2025,"powertrainType":"BEV","mode":"live"}}}"#
        let bare = #"{"id":"v1","type":"vehicle","attributes":{"make":"VOLVO","model":"EX30","year":"2025"}}"#
        let h = try H([H.answer(200, wrapped), H.answer(200, bare)])
        let first = try await h.client.vehicle("v1", userId: H.userId, appToken: H.appToken)
        #expect(
            first
                == SmartcarV3Vehicle(
                    id: "v1", make: "VOLVO", model: "EX30", year: 2025, powertrainType: "BEV", mode: "live"))
        #expect(try await h.client.vehicle("v1", userId: H.userId, appToken: H.appToken).year == 2025)
    }
}
