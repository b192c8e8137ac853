import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

@Suite("Connect for API v3 apps")
struct V3ConnectTests {
    static func query(_ h: EmulatorHarness, id: (String, String), _ extra: [(String, String)] = []) -> String {
        FormEncoding.encode(
            [
                ("response_type", "code"), id, ("redirect_uri", h.config.redirectURIs[0]), ("state", "st-3"),
                ("mode", "test"), ("emulator_auto", "approve"), ("emulator_email", "2-vehicles@smartcar.com"),
            ] + extra)
    }

    @Test("the Application ID as client_id: user_id and state, no code; the vehicles become connections")
    func userId() async throws {
        try await EmulatorHarness.with { h in
            let reply = try await h.get(
                "\(SmartcarPaths.authorize)?\(Self.query(h, id: ("client_id", h.config.applicationId)))")
            #expect(reply.status == 302)
            let answer = reply.redirectQuery
            #expect(answer["state"] == "st-3" && answer["code"] == nil)
            let userId = try #require(answer["user_id"])
            let token = try await h.appToken()
            let list = try await h.v3("/connections", token: token, user: userId)
            let data = list.json["data"] as? [[String: Any]] ?? []
            #expect(data.count == 2)
            let user = (data.first?["relationships"] as? [String: Any])?["user"] as? [String: Any]
            #expect((user?["data"] as? [String: Any])?["id"] as? String == userId)
        }
    }

    @Test("application_id is accepted, external_id is echoed, response_type=none works")
    func applicationIdParameter() async throws {
        try await EmulatorHarness.with { h in
            let extra = [("external_id", "crm-42")]
            let reply = try await h.get(
                "\(SmartcarPaths.authorize)?\(Self.query(h, id: ("application_id", h.config.applicationId), extra))")
            #expect(reply.redirectQuery["user_id"] != nil && reply.redirectQuery["external_id"] == "crm-42")
            let none = Self.query(h, id: ("client_id", h.config.applicationId)).replacingOccurrences(
                of: "response_type=code", with: "response_type=none")
            let noCode = try await h.get("\(SmartcarPaths.authorize)?\(none)")
            #expect(noCode.redirectQuery["user_id"] != nil && noCode.redirectQuery["code"] == nil)
        }
    }

    @Test("the API client id is not an Application ID: the 400 page, no redirect")
    func apiClientId() async throws {
        try await EmulatorHarness.with { h in
            let reply = try await h.get(
                "\(SmartcarPaths.authorize)?\(Self.query(h, id: ("client_id", h.config.apiClientId)))")
            #expect(reply.status == 400 && reply.header("Location") == nil)
            #expect(reply.text.contains("Invalid parameter client_id"))
        }
    }

    @Test("a migrating app (Application ID = classic client id) gets a code and the user id")
    func migratingApp() async throws {
        try await EmulatorHarness.with({ $0.applicationId = $0.clientId }) { h in
            let reply = try await h.get(
                "\(SmartcarPaths.authorize)?\(Self.query(h, id: ("client_id", h.config.clientId)))")
            let code = try #require(reply.redirectQuery["code"])
            let userId = try #require(reply.redirectQuery["user_id"])
            #expect(try await h.exchange(code).refreshToken.reveal().isEmpty == false)
            let list = try await h.v3("/connections", token: try await h.appToken(), user: userId)
            #expect((list.json["data"] as? [Any])?.count == 2)
        }
    }

    @Test("a test account seeded for the v3 app brings its own vehicles")
    func seededAccount() async throws {
        try await EmulatorHarness.with { h in
            let seeded = try #require(await h.emulator.seedV3Connection(email: "3-vehicles@smartcar.com"))
            #expect(seeded.vehicleIds.count == 3 && seeded.connectionIds.count == 3)
            #expect(await h.emulator.seedV3Connection(email: "smartcar@no-vehicles.com") == nil)
            let body = Data(#"{"vehicleCount":2,"powertrains":["ICE"]}"#.utf8)
            let reply = try await h.request("POST", "/admin/seed-v3", body: body)
            #expect((reply.json["connectionIds"] as? [String])?.count == 2 && reply.json["userId"] is String)
        }
    }

    @Test("a classic app's Connect still answers a code only")
    func classic() async throws {
        try await EmulatorHarness.with { h in
            let reply = try await h.get(
                "\(SmartcarPaths.authorize)?\(h.authorizeQuery([("emulator_auto", "approve")]))")
            #expect(reply.redirectQuery["code"] != nil && reply.redirectQuery["user_id"] == nil)
        }
    }
}
