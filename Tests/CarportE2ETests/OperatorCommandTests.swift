import CarportCore
import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

struct OperatorCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func listFitsEightyColumnsWithoutColourAndFilters() async throws {
        try await SeededWorld.with(customers: ["Ada Lovelace", "Grace Hopper-Longname-Customer"]) { world in
            let list = try await world.run(["list"])
            #expect(list.status == 0, "\(list.stderr)")
            let lines = list.stdout.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines[0].hasPrefix("CUSTOMER"))
            #expect(lines.allSatisfy { $0.count <= 80 })
            #expect(!list.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
            #expect(list.stdout.contains("healthy"))
            let vin = try #require(world.vehicles.first?.vin)
            #expect(list.stdout.contains(String(vin.suffix(6))))
            #expect(!list.stdout.contains(vin), "only the last six characters of a VIN")

            let filtered = try await world.run(["list", "--customer", "ada", "--json"])
            let vehicles = try #require(try Self.json(filtered.stdout)["vehicles"] as? [[String: Any]])
            #expect(vehicles.count == 1)
            #expect(vehicles[0]["customer"] as? String == "Ada Lovelace")
            #expect(
                Set(vehicles[0].keys) == [
                    "id", "connectionId", "customer", "make", "model", "year", "vin", "health",
                    "kind", "accessExpiresAt", "refreshExpiresAt", "lastRefresh", "confirmedAt", "lastReadAt",
                    "reauthReason",
                ])
            let none = try await world.run(["list", "--health", "needs-reauth"])
            #expect(none.stdout.contains("No vehicles match."))
            let bad = try await world.run(["list", "--health", "sparkly"])
            #expect(bad.status != 0 && bad.stderr.contains("healthy, access-expiring"))
        }
    }

    @Test func statusExitCodesFollowTheWorstConnection() async throws {
        try await SeededWorld.with(customers: ["A", "B"]) { healthy in
            let ok = try await healthy.run(["status"])
            #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
            #expect(ok.stdout.contains("All connections are fine."))
            #expect(try await healthy.run(["status", "--expiring-within", "70d"]).status == 3)
            let bad = try await healthy.run(["status", "--expiring-within", "soon"])
            #expect(bad.status != 0 && bad.stderr.contains("not a duration"))
        }

        try await SeededWorld.with(
            customers: ["Old", "Dead"],
            adjust: { c in
                if c.id == "c1" { c.pair = Self.aged(c.pair, by: 50 * 86_400) }
                if c.id == "c2" { c.reauthReason = "Smartcar rejected the refresh token." }
            }
        ) { ageing in
            let four = try await ageing.run(["status", "--json"])
            #expect(four.status == 4)
            let body = try Self.json(four.stdout)
            #expect(body["exitCode"] as? Int == 4)
            let counts = try #require((body["connections"] as? [String: Any])?["byHealth"] as? [String: Int])
            #expect(counts["keep-alive-due"] == 1 && counts["needs-reauth"] == 1 && counts["healthy"] == 0)
            #expect((body["attention"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test func showLiveRefreshesAnExpiredTokenThenReadsEVAndCombustionData() async throws {
        try await SeededWorld.with(
            customers: ["Ada"], vehiclesEach: 2, powertrains: [.bev, .ice],
            adjust: { c in
                c.pair = Self.aged(c.pair, by: 3 * 3600)
            }
        ) { world in
            let ev = world.vehicles[0]
            let petrol = world.vehicles[1]
            let shown = try await world.run(["show", String(try #require(ev.vin).suffix(6)), "--live"])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(
                shown.stdout.contains("Odometer") && shown.stdout.contains("Battery") && shown.stdout.contains("Locked")
            )
            #expect(!shown.stdout.contains("expired"), "the access token was refreshed first:\n\(shown.stdout)")
            for (vehicle, source) in [(ev, "battery"), (petrol, "fuel")] {
                let result = try await world.run(["show", vehicle.id, "--live", "--json"])
                let live = try #require(try Self.json(result.stdout)["live"] as? [String: Any])
                let energy = try #require((live["energy"] as? [String: Any])?["value"] as? [String: Any])
                #expect(energy["source"] as? String == source)
                #expect(((live["odometer"] as? [String: Any])?["value"] as? [String: Any])?["distanceKm"] is Double)
                let permissions = try #require(live["permissions"] as? [String: Any])
                #expect((permissions["value"] as? [String])?.contains("read_odometer") == true, "\(permissions)")
                #expect(permissions["withdrawn"] as? [String] == [], "\(permissions)")
            }
            #expect(shown.stdout.contains("Access now    all "), "\(shown.stdout)")
            #expect(
                await world.emulator.counters().refreshes == 1, "one refresh for the connection, not one per command")
            let unknown = try await world.run(["show", "nothing-like-it"])
            #expect(unknown.status == 1 && unknown.stderr.contains("No vehicle matches"))
        }
    }

    @Test func lockUnlockAndDisconnectAreAuditedAndDisconnectNeedsConfirmation() async throws {
        try await SeededWorld.with(customers: ["Ada"], vehiclesEach: 2) { world in
            let car = world.vehicles[0]
            let unlock = try await world.run(["unlock", car.id])
            #expect(unlock.status == 0, "\(unlock.stderr)")
            #expect(await world.emulator.vehicles().first { $0.id == car.id }?.locked == false)
            #expect(try await world.run(["lock", car.id]).status == 0)
            #expect(await world.emulator.vehicles().first { $0.id == car.id }?.locked == true)

            let refused = try await world.run(["disconnect", car.id])
            #expect(refused.status != 0 && refused.stderr.contains("--yes"))
            #expect(
                try await world.run(["list", "--json"]).stdout.contains(car.id), "nothing changed without confirmation")
            let done = try await world.run(["disconnect", car.id, "--yes"])
            #expect(done.status == 0, "\(done.stderr)")
            let after = try await world.run(["list", "--json"]).stdout
            #expect(!after.contains(car.id) && after.contains(world.vehicles[1].id))

            let audit = try await world.run(["audit", "--json"])
            let actions = try #require(
                try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]]
            )
            .compactMap { $0["action"] as? String }
            #expect(actions.starts(with: ["disconnect", "lock", "unlock"]))
            #expect(try await world.run(["audit", "--since", "1h"]).stdout.contains("disconnect"))
        }
    }

    @Test func doctorPassesOnAGoodSetupAndExplainsAnExposedKey() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            let good = try await world.run(
                ["doctor"], extra: ["SMARTCAR_REDIRECT_URI": "http://localhost:\(try FreePort.next())/callback"])
            #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
            #expect(good.stdout.contains("store integrity ok"))
            let key = world.home.appendingPathComponent("data/key")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key.path)
            let exposed = try await world.run(["doctor", "--offline"])
            #expect(exposed.status == 1)
            #expect(exposed.stdout.contains("chmod 600"))
            let http = try await world.run(
                ["doctor", "--offline"], extra: ["SMARTCAR_REDIRECT_URI": "http://example.com/cb"])
            #expect(http.status == 1 && http.stdout.contains("plain http only for localhost"))
            let hosted = try await world.run(
                ["doctor", "--offline"],
                extra: [
                    "SMARTCAR_REDIRECT_URI": "https://fleet.example/connected/", "CARPORT_CALLBACK_PAGE": "hosted",
                ])
            #expect(hosted.stdout.contains("redirect URI https://fleet.example/connected/ (your hosted callback page"))
        }
    }

    /// A migrating team's doctor checks both kinds; online it fetches a v3 app token and never shows
    /// it or the API client secret (docs/SMARTCAR.md §10.5).
    @Test func doctorChecksClassicAndV3Applications() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            var v3 = EmulatorConfig.demoV3Settings(origin: world.emulator.baseURL.absoluteString)
            v3["SMARTCAR_REDIRECT_URI"] = "http://localhost:\(try FreePort.next())/callback"
            let both = try await world.run(["doctor"], extra: v3)
            #expect(both.status == 0, "\(both.stdout)\(both.stderr)")
            #expect(both.stdout.contains("applications: classic and v3") && both.stdout.contains("client id"))
            #expect(both.stdout.contains("v3 application token fetched") && both.stdout.contains("not shown"))
            #expect(!(both.stdout + both.stderr).contains(EmulatorConfig.demoAPIClientSecret))
            let v3Only = try await world.run(
                ["doctor", "--offline"],
                extra: v3.merging(["SMARTCAR_CLIENT_ID": "", "SMARTCAR_CLIENT_SECRET": ""]) { $1 })
            // The world's classic connection has no classic app left to refresh it: said, exit 1.
            #expect(v3Only.status == 1, "\(v3Only.stdout)")
            #expect(v3Only.stdout.contains("applications: v3") && !v3Only.stdout.contains("ok   client id"))
            #expect(v3Only.stdout.contains("1 classic connection(s) stored, no classic application configured"))
        }
    }

    @Test func exportIsRedactedAndRequiresTheFlag() async throws {
        try await SeededWorld.with(customers: ["Ada"]) { world in
            #expect(try await world.run(["export"]).status != 0)
            let bundle = try await world.run(["export", "--redacted"])
            #expect(bundle.status == 0, "\(bundle.stderr)")
            let json = try Self.json(bundle.stdout)
            #expect((json["configuration"] as? [String: Any])?["clientSecret"] as? String == "set (redacted)")
            #expect((json["vehicles"] as? [Any])?.count == 1)
            let vin = try #require(world.vehicles.first?.vin)
            #expect(!bundle.stdout.contains(vin), "a ticket gets the VIN's end only")
            #expect(((json["vehicles"] as? [[String: Any]])?.first?["vin"] as? String) == String(vin.suffix(6)))
        }
    }

    /// Listing a fleet opens no token: with one sealed token damaged, `list`, `status` and
    /// `export` still work, while `show` (which opens it) names the damage.
    @Test func listingOpensNoToken() async throws {
        try await SeededWorld.with(customers: ["Ada", "Bo"]) { world in
            let database = world.home.appendingPathComponent("data/carport.sqlite").path
            let damage = try await ChildProcess.run(
                "python3",
                [
                    "-c",
                    """
                    import sqlite3, sys
                    db = sqlite3.connect(sys.argv[1])
                    db.execute("UPDATE connections SET refresh_token = zeroblob(64) WHERE id = 'c1'")
                    db.commit()
                    """, database,
                ], environment: ["PATH": "/usr/bin:/bin"])
            #expect(damage.status == 0, "\(damage.stderr)")
            for arguments in [["list"], ["status", "--json"], ["export", "--redacted"]] {
                let result = try await world.run(arguments)
                #expect([0, 3].contains(result.status), "\(arguments): \(result.stderr)")
            }
            let shown = try await world.run(["show", world.vehicles[0].id])
            #expect(shown.status == 1 && !shown.stderr.isEmpty, "\(shown.stdout)")
        }
    }

    static func aged(_ tokens: TokenPair, by seconds: TimeInterval) -> TokenPair {
        TokenPair(
            accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
            expiresIn: 7200, issuedAt: tokens.issuedAt.addingTimeInterval(-seconds))
    }
}
