import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

@Suite("Vehicle API")
struct VehicleAPITests {
    @Test("units follow SC-Unit-System; data endpoints carry SC-Data-Age; every answer has SC-Request-Id")
    func unitsAndHeaders() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection(powertrains: [.ice])
            let token = seeded.tokens.accessToken.reveal()
            let path = "/v2.0/vehicles/\(seeded.vehicleIds[0])"
            let km = try await h.get("\(path)/odometer", token: token)
            let miles = try await h.get("\(path)/odometer", token: token, headers: ["SC-Unit-System": "imperial"])
            #expect(miles.header("SC-Unit-System") == "imperial" && km.header("SC-Unit-System") == "metric")
            let kmValue = try #require(km.json["distance"] as? Double)
            let miValue = try #require(miles.json["distance"] as? Double)
            #expect(abs(kmValue / 1.609344 - miValue) < 0.1)
            #expect(km.header("SC-Data-Age") != nil && km.header("SC-Request-Id")?.count == 36)
            let vin = try await h.get("\(path)/vin", token: token)
            #expect(vin.header("SC-Data-Age") == nil && vin.header("SC-Request-Id") != nil)
            let fuel = try await h.get("\(path)/fuel", token: token, headers: ["SC-Unit-System": "imperial"])
            #expect(Set(fuel.json.keys) == ["amountRemaining", "percentRemaining", "range"])
        }
    }

    @Test("data moves with the clock: a driving car adds distance")
    func dataMoves() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            let id = seeded.vehicleIds[0]
            await h.emulator.updateVehicle(id, VehiclePatch(driving: true))
            let path = "/v2.0/vehicles/\(id)/odometer"
            let before = try #require(
                try await h.get(path, token: seeded.tokens.accessToken.reveal()).json["distance"] as? Double)
            await h.emulator.advanceClock(by: 3600)
            let after = try #require(
                try await h.get(path, token: seeded.tokens.accessToken.reveal()).json["distance"] as? Double)
            #expect(abs(after - before - 50) < 0.1, "50 km/h for an hour")
        }
    }

    @Test("permission 403, capability 501, malformed id 400, foreign id 401, bad version 404")
    func refusals() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection(scopes: ["read_odometer", "read_fuel"], powertrains: [.bev])
            let token = seeded.tokens.accessToken.reveal()
            let path = "/v2.0/vehicles/\(seeded.vehicleIds[0])"
            let denied = try await h.get("\(path)/location", token: token)
            #expect(
                denied.status == 403
                    && (denied.json["resolution"] as? [String: Any])?["type"] as? String == "REAUTHENTICATE")
            let fuel = try await h.get("\(path)/fuel", token: token)
            #expect(fuel.status == 501 && fuel.json["code"] as? String == "VEHICLE_NOT_CAPABLE")
            #expect(try await h.get("/v2.0/vehicles/bad_id/odometer", token: token).status == 400)
            let other = await h.emulator.seedConnection()
            #expect(try await h.get("/v2.0/vehicles/\(other.vehicleIds[0])/odometer", token: token).status == 401)
            let version = try await h.get("/vJohnny/vehicles", token: token)
            #expect(version.status == 404 && version.json["code"] as? String == "VERSION")
            #expect(try await h.get("/v99.99/user", token: token).status == 200)
            #expect(try await h.get("/v2.0/user", headers: ["Authorization": "Basic abc"]).status == 401)
        }
    }

    @Test("commands change the car and follow the VEHICLE_STATE rules")
    func commands() async throws {
        try await EmulatorHarness.with({ $0.accessTokenLifetime = 86_400 }) { h in
            let seeded = await h.emulator.seedConnection(powertrains: [.bev])
            let id = seeded.vehicleIds[0]
            let token = seeded.tokens.accessToken.reveal()
            let path = "/v2.0/vehicles/\(id)"
            await h.emulator.updateVehicle(
                id,
                VehiclePatch(
                    driving: false, pluggedIn: false, charging: false,
                    batteryLevel: 0.4, chargeLimit: 0.9))
            #expect(try await h.postJSON("\(path)/security", token: token, #"{"action":"UNLOCK"}"#).status == 200)
            #expect(try await h.get("\(path)/security", token: token).json["isLocked"] as? Bool == false)
            await h.emulator.updateVehicle(id, VehiclePatch(doorOpen: true))
            #expect(
                try await h.postJSON("\(path)/security", token: token, #"{"action":"LOCK"}"#).json["code"] as? String
                    == "DOOR_OPEN")
            await h.emulator.updateVehicle(id, VehiclePatch(driving: true, doorOpen: false))
            #expect(
                try await h.postJSON("\(path)/security", token: token, #"{"action":"LOCK"}"#).json["code"] as? String
                    == "IN_MOTION")
            let start = #"{"action":"START"}"#
            #expect(
                try await h.postJSON("\(path)/charge", token: token, start).json["code"] as? String
                    == "CHARGING_PLUG_NOT_CONNECTED")
            await h.emulator.updateVehicle(id, VehiclePatch(driving: false, pluggedIn: true))
            #expect(try await h.postJSON("\(path)/charge", token: token, start).status == 200)
            #expect(try await h.get("\(path)/charge", token: token).json["state"] as? String == "CHARGING")
            #expect(
                try await h.postJSON("\(path)/charge", token: token, start).json["code"] as? String
                    == "CHARGING_IN_PROGRESS")
            await h.emulator.advanceClock(by: 4 * 3600)
            #expect(try await h.get("\(path)/charge", token: token).json["state"] as? String == "FULLY_CHARGED")
            #expect(
                try await h.postJSON("\(path)/charge", token: token, start).json["code"] as? String == "FULLY_CHARGED")
            #expect(try await h.postJSON("\(path)/charge/limit", token: token, #"{"limit":"0.7"}"#).status == 200)
            let tooLow = try await h.postJSON("\(path)/charge/limit", token: token, #"{"limit":0.2}"#)
            #expect(tooLow.status == 400 && tooLow.json["detail"] is [Any])
            #expect(try await h.postJSON("\(path)/security", token: token, #"{"action":"OPEN"}"#).status == 400)
            #expect(await h.emulator.counters().commands == 3)
        }
    }

    @Test("paging: count is the total and offset echoes")
    func paging() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection(vehicleCount: 12)
            let token = seeded.tokens.accessToken.reveal()
            let first = try await h.get("/v2.0/vehicles", token: token)
            #expect((first.json["vehicles"] as? [String])?.count == 10)
            let page = try await h.get("/v2.0/vehicles?limit=5&offset=10", token: token)
            #expect((page.json["vehicles"] as? [String]) == Array(seeded.vehicleIds[10...]))
            #expect(page.json["paging"] as? [String: Int] == ["count": 12, "offset": 10])
            let past = try await h.get("/v2.0/vehicles?offset=40", token: token)
            #expect((past.json["vehicles"] as? [String]) == [])
            #expect(try await h.get("/v2.0/vehicles?limit=51", token: token).status == 400)
        }
    }

    @Test("batch answers each path like its own request; a missing requests array is a VALIDATION error")
    func batch() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection(powertrains: [.bev])
            let token = seeded.tokens.accessToken.reveal()
            let path = "/v2.0/vehicles/\(seeded.vehicleIds[0])/batch"
            let reply = try await h.postJSON(
                path, token: token, #"{"requests":[{"path":"/odometer"},{"path":"/fuel"}]}"#)
            let items = try #require(reply.json["responses"] as? [[String: Any]])
            #expect(items.map { $0["code"] as? Int } == [200, 501])
            #expect(items.allSatisfy { $0["headers"] is [String: Any] })
            #expect((items[1]["body"] as? [String: Any])?["type"] as? String == "COMPATIBILITY")
            let missing = try await h.postJSON(path, token: token, "{}")
            #expect(missing.status == 400 && missing.json["type"] as? String == "VALIDATION")
            #expect(await h.emulator.counters().callsPerVehicle[seeded.vehicleIds[0]] == 2)
        }
    }

    @Test("DELETE /application ends access to that vehicle only")
    func disconnect() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection(vehicleCount: 2)
            let token = seeded.tokens.accessToken.reveal()
            let gone = "/v2.0/vehicles/\(seeded.vehicleIds[0])"
            let reply = try await h.request(
                "DELETE", "\(gone)/application", headers: ["Authorization": "Bearer \(token)"])
            #expect(reply.status == 200 && reply.json["status"] as? String == "success")
            #expect(try await h.get("\(gone)/odometer", token: token).status == 401)
            #expect(try await h.get("/v2.0/vehicles/\(seeded.vehicleIds[1])/odometer", token: token).status == 200)
        }
    }

    @Test("the demo world has a dozen vehicles across makes, EV and combustion, behind demo@carport.test")
    func demoWorld() async throws {
        try await EmulatorHarness.with({ $0.seedDemoWorld = true }) { h in
            let vehicles = await h.emulator.vehicles()
            #expect(vehicles.count == 12)
            #expect(Set(vehicles.map(\.make)).count >= 10)
            #expect(vehicles.contains { $0.powertrain == .bev } && vehicles.contains { $0.powertrain == .ice })
            let fleet = try #require(await h.emulator.seedConnection(email: "demo@carport.test"))
            #expect(fleet.vehicleIds.count == 12)
            let one = try #require(await h.emulator.seedConnection(email: "demo-3@carport.test"))
            #expect(one.vehicleIds == [fleet.vehicleIds[2]])
        }
    }
}
