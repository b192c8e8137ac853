import CarportCore
import Foundation
import SmartcarEmulator
import Testing

@Suite("Management API")
struct ManagementTests {
    static func basic(_ user: String, _ password: String) -> [String: String] {
        ["Authorization": "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    @Test("connections page with a cursor; deleting one ends that vehicle's access")
    func connections() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection(vehicleCount: 3)
            let auth = Self.basic("default", h.config.managementToken)
            let first = try await h.get("/v2.0/management/connections/?user_id=\(seeded.userId)&limit=2", headers: auth)
            #expect((first.json["connections"] as? [[String: Any]])?.count == 2)
            let cursor = try #require((first.json["paging"] as? [String: Any])?["cursor"] as? String)
            let second = try await h.get(
                "/v2.0/management/connections?user_id=\(seeded.userId)&limit=2&cursor=\(cursor)", headers: auth)
            #expect((second.json["connections"] as? [[String: Any]])?.count == 1)
            #expect((second.json["paging"] as? [String: Any])?["cursor"] is NSNull)
            let deleted = try await h.request(
                "DELETE", "/v2.0/management/connections?vehicle_id=\(seeded.vehicleIds[0])", headers: auth)
            #expect(
                (deleted.json["connections"] as? [[String: Any]])?.first?["vehicleId"] as? String
                    == seeded.vehicleIds[0])
            let token = seeded.tokens.accessToken.reveal()
            #expect(try await h.get("/v2.0/vehicles/\(seeded.vehicleIds[0])/odometer", token: token).status == 401)
            #expect(try await h.get("/v2.0/vehicles/\(seeded.vehicleIds[1])/odometer", token: token).status == 200)
            let both = try await h.request(
                "DELETE", "/v2.0/management/connections?vehicle_id=a&user_id=b", headers: auth)
            #expect(both.status == 400)
            #expect(
                try await h.get("/v2.0/management/connections", headers: Self.basic("default", "wrong")).status == 401)
        }
    }
}
