import CarportCore
import Foundation
import SmartcarEmulator
import SmartcarKit
import Testing

/// Details of the documented behaviour the emulator keeps (docs/EMULATOR.md): where to re-authenticate
/// after AUTHENTICATION_FAILED, on commands and injected faults too; data that is hours old.
@Suite("Fidelity") struct FidelityTests {
    static func reauthURL(_ reply: EmulatorHarness.Reply) -> String? {
        (reply.json["resolution"] as? [String: Any])?["url"] as? String
    }

    @Test("a command on a vehicle whose login failed says where to sign in again")
    func commandResolutionURL() async throws {
        try await EmulatorHarness.with { h in
            let seeded = try #require(
                await h.emulator.seedConnection(email: "CONNECTED_SERVICES_ACCOUNT.AUTHENTICATION_FAILED@smartcar.com"))
            let id = seeded.vehicleIds[0]
            let lock = try await h.postJSON(
                "/v2.0/vehicles/\(id)/security", token: seeded.tokens.accessToken.reveal(), #"{"action":"LOCK"}"#)
            #expect(lock.status == 400)
            let url = try #require(Self.reauthURL(lock), "\(lock.text)")
            #expect(url.contains("/oauth/reauthenticate?response_type=vehicle_id") && url.contains("vehicle_id=\(id)"))
        }
    }

    @Test("an injected AUTHENTICATION_FAILED carries the re-authentication URL; other faults none")
    func injectedFaultResolutionURL() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            let id = seeded.vehicleIds[0]
            let token = seeded.tokens.accessToken.reveal()
            await h.emulator.inject(.apiError(type: "CONNECTED_SERVICES_ACCOUNT", code: "AUTHENTICATION_FAILED"))
            let failed = try await h.get("/v2.0/vehicles/\(id)/odometer", token: token)
            #expect(Self.reauthURL(failed)?.contains("vehicle_id=\(id)") == true, "\(failed.text)")
            await h.emulator.inject(.apiError(type: "VEHICLE_STATE", code: "ASLEEP"))
            #expect(Self.reauthURL(try await h.get("/v2.0/vehicles/\(id)/odometer", token: token)) == nil)
        }
    }

    @Test("a car that last reported an hour ago: SC-Data-Age an hour before SC-Fetched-At")
    func staleData() async throws {
        try await EmulatorHarness.with { h in
            let seeded = await h.emulator.seedConnection()
            let id = seeded.vehicleIds[0]
            #expect(await h.emulator.updateVehicle(id, VehiclePatch(dataAgeSeconds: 3600)))
            let reply = try await h.get("/v2.0/vehicles/\(id)/odometer", token: seeded.tokens.accessToken.reveal())
            let age = try #require(reply.header(SmartcarPaths.Header.dataAge).flatMap(ISOTimestamp.parse))
            let fetched = try #require(reply.header(SmartcarPaths.Header.fetchedAt).flatMap(ISOTimestamp.parse))
            #expect(abs(fetched.timeIntervalSince(age) - 3600) < 1)
        }
    }
}
