import CarportTestSupport
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

@Suite("Vehicle API v3 for apps")
struct V3VehicleAPITests {
    @Test("connections: the user's, paged by page[number] and page[size], with meta and links")
    func connectionPaging() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedV3Connection(vehicleCount: 3)
            _ = await h.emulator.seedV3Connection(vehicleCount: 1)
            let token = try await h.appToken()
            let first = try await h.v3("/connections?page[size]=2", token: token, user: seeded.userId)
            #expect(first.status == 200)
            #expect((first.json["data"] as? [Any])?.count == 2)
            let meta = first.json["meta"] as? [String: Any]
            #expect(
                meta?["totalCount"] as? Int == 3 && meta?["pageNumber"] as? Int == 1 && meta?["pageSize"] as? Int == 2)
            let links = first.json["links"] as? [String: Any]
            #expect(links?["prev"] is NSNull)
            #expect((links?["next"] as? String)?.contains("page[number]=2") == true)
            let second = try await h.v3(
                "/connections?page%5Bnumber%5D=2&page%5Bsize%5D=2", token: token, user: seeded.userId)
            #expect((second.json["data"] as? [Any])?.count == 1)
            #expect((second.json["links"] as? [String: Any])?["next"] is NSNull)
            let all = try await h.v3("/connections", token: token, user: nil)
            #expect((all.json["meta"] as? [String: Any])?["totalCount"] as? Int == 4)
            let byFilter = try await h.v3("/connections?filter[userId]=\(seeded.userId)", token: token, user: nil)
            let ids = (byFilter.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(Set(ids) == Set(seeded.connectionIds))
            #expect(Set(ids).isDisjoint(with: seeded.vehicleIds))
        }
    }

    @Test("a connection read and removed: 204, then its vehicle is gone for that user")
    func removeConnection() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedV3Connection(vehicleCount: 2)
            let token = try await h.appToken()
            let one = try await h.v3("/connections/\(seeded.connectionIds[0])", token: token, user: seeded.userId)
            let attributes = (one.json["data"] as? [String: Any])?["attributes"] as? [String: Any]
            #expect((attributes?["permissions"] as? [String])?.contains("read_odometer") == true)
            let removed = try await h.v3("DELETE", "/connections/\(seeded.connectionIds[0])", token: token, user: nil)
            #expect(removed.status == 204)
            let gone = try await h.v3("/vehicles/\(seeded.vehicleIds[0])/signals", token: token, user: seeded.userId)
            #expect(gone.status == 404 && h.onlyError(gone)["code"] as? String == "VEHICLE_NOT_FOUND")
            #expect(try await h.v3("DELETE", "/users/\(seeded.userId)", token: token, user: nil).status == 204)
            let empty = try await h.v3("/connections", token: token, user: seeded.userId)
            #expect((empty.json["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("signals: odometer, location, state of charge and lock status, in the JSON:API shape")
    func signals() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedV3Connection(vehicleCount: 2, powertrains: [.bev, .ice])
            let token = try await h.appToken()
            let bev = try await h.v3("/vehicles/\(seeded.vehicleIds[0])/signals", token: token, user: seeded.userId)
            let codes = (bev.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(
                codes == [
                    "odometer-traveleddistance", "location-preciselocation", "tractionbattery-stateofcharge",
                    "closure-islocked",
                ])
            #expect(
                ((bev.json["included"] as? [String: Any])?["vehicle"] as? [String: Any])?["id"] as? String
                    == seeded.vehicleIds[0])
            let ice = try await h.v3("/vehicles/\(seeded.vehicleIds[1])/signals", token: token, user: seeded.userId)
            #expect((ice.json["data"] as? [Any])?.count == 3)
            let locked = try await h.v3(
                "/vehicles/\(seeded.vehicleIds[0])/signals/closure-islocked", token: token, user: seeded.userId)
            let attributes = locked.json["attributes"] as? [String: Any]
            #expect((attributes?["status"] as? [String: Any])?["value"] as? String == "SUCCESS")
            #expect((attributes?["body"] as? [String: Any])?["value"] as? Bool == true)
            let vehicle = try await h.v3("/vehicles/\(seeded.vehicleIds[0])", token: token, user: nil)
            let data = vehicle.json["data"] as? [String: Any]
            #expect((data?["attributes"] as? [String: Any])?["powertrainType"] as? String == "BEV")
        }
    }

    @Test("permissions limit the signals; a missing sc-user-id is 400, another user's vehicle 404")
    func scoping() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedV3Connection(scopes: ["read_odometer"])
            let other = await h.emulator.seedV3Connection()
            let token = try await h.appToken()
            let path = "/vehicles/\(seeded.vehicleIds[0])/signals"
            let list = try await h.v3(path, token: token, user: seeded.userId)
            #expect((list.json["data"] as? [Any])?.count == 1)
            let denied = try await h.v3(path + "/closure-islocked", token: token, user: seeded.userId)
            #expect(denied.status == 403 && h.onlyError(denied)["type"] as? String == "PERMISSION")
            let missing = try await h.v3(path, token: token, user: nil)
            #expect(missing.status == 400 && h.onlyError(missing)["code"] as? String == "MISSING_PARAMETER")
            let foreign = try await h.v3(path, token: token, user: other.userId)
            #expect(foreign.status == 404 && h.onlyError(foreign)["status"] as? String == "404")
            let error = h.onlyError(foreign)
            #expect(error["title"] is String && error["detail"] is String)
            #expect(
                ((error["links"] as? [String: Any])?["about"] as? String)?.hasPrefix("https://smartcar.com/") == true)
            let invalid = try await h.v3(
                "/vehicles/\(seeded.vehicleIds[0])/odometer", token: token, user: seeded.userId)
            #expect(invalid.status == 404 && h.onlyError(invalid)["code"] as? String == "INVALID_PATH")
        }
    }

    @Test("a test account's error makes every signal ERROR inside a 200, and refuses commands")
    func testAccountError() async throws {
        try await EmulatorHarness.with { h in
            let seeded = try #require(await h.emulator.seedV3Connection(email: "VEHICLE_STATE.ASLEEP@smartcar.com"))
            let token = try await h.appToken()
            let base = "/vehicles/\(seeded.vehicleIds[0])"
            let list = try await h.v3(base + "/signals", token: token, user: seeded.userId)
            let statuses = (list.json["data"] as? [[String: Any]] ?? []).map {
                ($0["attributes"] as? [String: Any])?["status"] as? [String: Any]
            }
            #expect(list.status == 200 && !statuses.isEmpty)
            #expect(statuses.allSatisfy { $0?["value"] as? String == "ERROR" })
            #expect(statuses.allSatisfy { ($0?["error"] as? [String: Any])?["code"] as? String == "ASLEEP" })
            let lock = try await h.v3("POST", base + "/commands/security/lock", token: token, user: seeded.userId)
            #expect(lock.status == 409 && h.onlyError(lock)["code"] as? String == "ASLEEP")
        }
    }

    @Test("unlock answers 200 when done and the lock status shows it")
    func syncUnlock() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedV3Connection()
            let token = try await h.appToken()
            let base = "/vehicles/\(seeded.vehicleIds[0])"
            let reply = try await h.v3("POST", base + "/commands/security/unlock", token: token, user: seeded.userId)
            #expect(reply.status == 200)
            let attributes = (reply.json["data"] as? [String: Any])?["attributes"] as? [String: Any]
            #expect(attributes?["commandType"] as? String == "security-unlock")
            #expect((attributes?["status"] as? [String: Any])?["value"] as? String == "SUCCESS")
            #expect(try await Self.isLocked(h, base, token, seeded.userId) == false)
            await h.emulator.updateVehicle(seeded.vehicleIds[0], VehiclePatch(driving: true))
            let moving = try await h.v3("POST", base + "/commands/security/lock", token: token, user: seeded.userId)
            #expect(moving.status == 409 && h.onlyError(moving)["code"] as? String == "IN_MOTION")
        }
    }

    @Test("a long-running lock answers 202; the lock status changes only after commandDuration")
    func longRunningLock() async throws {
        try await EmulatorHarness.with({
            $0.longRunningCommands = true
            $0.commandDuration = 30
        }) { h in
            let seeded = await h.emulator.seedV3Connection()
            await h.emulator.updateVehicle(seeded.vehicleIds[0], VehiclePatch(locked: false))
            let token = try await h.appToken()
            let base = "/vehicles/\(seeded.vehicleIds[0])"
            let reply = try await h.v3("POST", base + "/commands/security/lock", token: token, user: seeded.userId)
            #expect(reply.status == 202)
            let attributes = (reply.json["data"] as? [String: Any])?["attributes"] as? [String: Any]
            #expect(attributes?["executionMode"] as? String == "async")
            #expect(try await Self.isLocked(h, base, token, seeded.userId) == false)
            await h.emulator.advanceClock(by: 29)
            #expect(try await Self.isLocked(h, base, token, seeded.userId) == false)
            await h.emulator.advanceClock(by: 1)
            #expect(await h.emulator.vehicles().first { $0.id == seeded.vehicleIds[0] }?.locked == true)
            #expect(try await Self.isLocked(h, base, token, seeded.userId) == true)
            #expect(await h.emulator.counters().commands == 1)
            await h.emulator.setLongRunningCommands(false)
            await h.emulator.updateVehicle(seeded.vehicleIds[0], VehiclePatch(locked: false))
            _ = try await h.request(
                "POST", "/admin/command-mode", body: Data(#"{"longRunning":true}"#.utf8))
            let again = try await h.v3("POST", base + "/commands/security/lock", token: token, user: seeded.userId)
            #expect(again.status == 202)
        }
    }

    @Test("faults reach v3 routes, in the errors[] form")
    func faults() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedV3Connection()
            let token = try await h.appToken()
            let path = "/vehicles/\(seeded.vehicleIds[0])/signals"
            await h.emulator.inject(EmulatorFault.rateLimit(retryAfter: 7).on(vehicle: seeded.vehicleIds[0]))
            let limited = try await h.v3(path, token: token, user: seeded.userId)
            #expect(limited.status == 429 && limited.header("Retry-After") == "7")
            let error = h.onlyError(limited)
            #expect(error["type"] as? String == "RATE_LIMIT" && error["code"] as? String == "VEHICLE")
            let debug = (error["meta"] as? [String: Any])?["debug"] as? [String: Any]
            #expect(debug?["requestId"] as? String == limited.header("SC-Request-Id"))
            await h.emulator.inject(.htmlBadGateway())
            #expect(try await h.v3(path, token: token, user: seeded.userId).status == 502)
            #expect(try await h.v3(path, token: token, user: seeded.userId).status == 200)
        }
    }

    @Test("a classic access token still reaches the v3 reads of SDK 6.19.1, bare vehicle included")
    func classicToken() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            let token = seeded.tokens.accessToken.reveal()
            let vehicle = try await h.get("/v3/vehicles/\(seeded.vehicleIds[0])", token: token)
            #expect((vehicle.json["attributes"] as? [String: Any])?["make"] is String)
            let signals = try await h.get("/v3/vehicles/\(seeded.vehicleIds[0])/signals", token: token)
            #expect((signals.json["meta"] as? [String: Any])?["totalCount"] as? Int ?? 0 >= 1)
            let unknown = try await h.get("/v3/vehicles/\(seeded.vehicleIds[0])/signals/nope", token: token)
            #expect(unknown.status == 404 && h.onlyError(unknown)["code"] as? String == "INVALID_PATH")
        }
    }

    static func isLocked(_ h: EmulatorHarness, _ base: String, _ token: String, _ user: String) async throws -> Bool? {
        let reply = try await h.v3(base + "/signals/closure-islocked", token: token, user: user)
        return ((reply.json["attributes"] as? [String: Any])?["body"] as? [String: Any])?["value"] as? Bool
    }
}
