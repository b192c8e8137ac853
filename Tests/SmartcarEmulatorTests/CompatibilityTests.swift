import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

/// The compatibility API (docs/EMULATOR.md, Compatibility): by VIN from its test-mode level, and
/// the matrix, both behind Basic client credentials.
@Suite("Compatibility API")
struct CompatibilityTests {
    static func capable(_ reply: EmulatorHarness.Reply) -> [String: [Bool]] {
        let capabilities = reply.json["capabilities"] as? [[String: Any]] ?? []
        return Dictionary(grouping: capabilities) { $0["permission"] as? String ?? "" }
            .mapValues { $0.map { $0["capable"] as? Bool ?? false } }
    }

    @Test("a VIN's level comes from the vehicle, a test login, the admin API or the query")
    func levels() async throws {
        try await EmulatorHarness.with { h in
            let auth = ManagementTests.basic(h.config.clientId, h.config.clientSecret)
            let seeded = await h.emulator.seedConnection(powertrains: [.bev])
            let bevVIN = try #require(await h.emulator.vehicles().first { $0.id == seeded.vehicleIds[0] }?.vin)
            let bev = try await h.get("/v2.0/compatibility?vin=\(bevVIN)&scope=read_battery+read_fuel", headers: auth)
            #expect(bev.json["compatible"] as? Bool == true && bev.json["reason"] is NSNull)
            #expect(Self.capable(bev) == ["read_battery": [true, true, true], "read_fuel": [false]])

            let unknown = "1HGCM82633A004352"
            let phev = try await h.get("/v2.0/compatibility?vin=\(unknown)&scope=read_fuel+read_charge", headers: auth)
            #expect(Self.capable(phev) == ["read_fuel": [true], "read_charge": [true, true]])
            let fuel = try await h.get(
                "/v2.0/compatibility?vin=\(unknown)&scope=read_charge&test_mode_compatibility_level=fuel",
                headers: auth)
            #expect(Self.capable(fuel) == ["read_charge": [false, false]])

            let login = [("emulator_auto", "approve"), ("emulator_email", "\(unknown)@incompatible.smartcar.com")]
            let incompatible = try await h.get("\(SmartcarPaths.authorize)?\(h.authorizeQuery(login))")
            #expect(incompatible.redirectQuery["code"] != nil) // connects, without permissions (ConnectModeTests)
            let refused = try await h.get("/v2.0/compatibility?vin=\(unknown)&scope=read_vin", headers: auth)
            #expect(refused.json["compatible"] as? Bool == false)
            #expect(refused.json["reason"] as? String == "VEHICLE_NOT_COMPATIBLE")
            #expect((refused.json["capabilities"] as? [Any])?.isEmpty == true)

            let set = try await h.request(
                "POST", "/admin/compatibility", body: Data(#"{"vin":"\#(unknown)","level":"bev"}"#.utf8))
            #expect(set.status == 200)
            let nowBEV = try await h.get("/v2.0/compatibility?vin=\(unknown)&scope=read_fuel", headers: auth)
            #expect(Self.capable(nowBEV) == ["read_fuel": [false]])
            #expect(try await h.request("POST", "/admin/compatibility", body: Data(#"{"vin":"x"}"#.utf8)).status == 400)
        }
    }

    @Test("outside the US only compatibility is answered; bad input and bad credentials are refused")
    func countryInputAndAuth() async throws {
        try await EmulatorHarness.with { h in
            let auth = ManagementTests.basic(h.config.clientId, h.config.clientSecret)
            let vin = "1HGCM82633A004352"
            let germany = try await h.get("/v2.0/compatibility?vin=\(vin)&scope=read_fuel&country=DE", headers: auth)
            #expect(germany.json["compatible"] as? Bool == true)
            #expect((germany.json["capabilities"] as? [Any])?.isEmpty == true)
            #expect(try await h.get("/v2.0/compatibility?vin=123&scope=read_fuel", headers: auth).status == 400)
            #expect(try await h.get("/v2.0/compatibility?vin=\(vin)", headers: auth).status == 400)
            #expect(try await h.get("/v2.0/compatibility?vin=\(vin)&scope=read_nothing", headers: auth).status == 400)
            #expect(try await h.get("/v2.0/compatibility?vin=\(vin)&scope=read_fuel").status == 401)
            let wrong = ManagementTests.basic(h.config.clientId, "not-the-secret")
            let rejected = try await h.get("/v2.0/compatibility?vin=\(vin)&scope=read_fuel", headers: wrong)
            #expect(rejected.status == 401 && rejected.json["type"] as? String == "AUTHENTICATION")
        }
    }

    @Test("the matrix lists a make's models per region, filtered by type and scope")
    func matrix() async throws {
        try await EmulatorHarness.with { h in
            let auth = ManagementTests.basic(h.config.clientId, h.config.clientSecret)
            let tesla = try await h.get("/v2.0/compatibility/matrix?region=US&make=tesla", headers: auth)
            let models = try #require(tesla.json["TESLA"] as? [[String: Any]])
            #expect(
                models.count == 1 && models[0]["model"] as? String == "Model 3" && models[0]["type"] as? String == "BEV"
            )
            let permissions = try #require(models[0]["permissions"] as? [String])
            #expect(permissions.contains("read_battery") && !permissions.contains("read_fuel"))
            #expect((models[0]["endpoints"] as? [String])?.contains("EV battery") == true)
            let scoped = try await h.get(
                "/v2.0/compatibility/matrix?region=EUROPE&make=FORD&scope=read_fuel+read_battery", headers: auth)
            #expect(((scoped.json["FORD"] as? [[String: Any]])?.first?["permissions"] as? [String]) == ["read_fuel"])
            let evs = try await h.get("/v2.0/compatibility/matrix?region=CA&type=BEV", headers: auth)
            #expect(evs.json["FORD"] == nil && evs.json["TESLA"] != nil)
            #expect(try await h.get("/v2.0/compatibility/matrix?region=MARS&make=TESLA", headers: auth).status == 400)
            #expect(try await h.get("/v2.0/compatibility/matrix?region=US&make=LADA", headers: auth).json.isEmpty)
            #expect(try await h.get("/v2.0/compatibility/matrix?region=US").status == 401)
        }
    }
}
