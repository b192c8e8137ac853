import CarportTestSupport
import Foundation
import Testing

/// The demo tour of issues 6 and 8: the real `carport demo`, typed into a shell in tmux, at the
/// smallest supported terminal and at a large one. Every step waits for text on the screen; a
/// failure prints the screen it saw.
@Suite struct DemoTourE2ETests {
    /// One size after the other, never both at once: a demo picks its callback port (8765 up) when
    /// it starts but binds it only when a Connect session starts, so two demos would collide.
    @Test func theWholeTourAt80x24And120x40() async throws {
        for (width, height) in [(80, 24), (120, 40)] {
            do { try await tour(width: width, height: height) } catch {
                Issue.record(error, "the tour at \(width)x\(height)")
            }
        }
    }

    func tour(width: Int, height: Int) async throws {
        let home = try CarportBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let tmux = try await TmuxSession(
            command: TmuxSession.shell, width: width, height: height,
            environment: CarportBinary.environment(home: home))
        let tour = DemoTour(tmux: tmux)
        do {
            try await tmux.waitFor("the shell's prompt") { $0.hasPrefix("$") }
            try await tmux.send(
                TmuxSession.quote(CarportBinary.path) + " demo --first-refresh-after 600; echo __EXIT__=$?",
                literal: true)
            try await tmux.send("Enter")
            try await tour.list()
            try await tour.sort()
            try await tour.filter()
            try await tour.detail()
            try await tour.liveDataAndLock()
            try await tour.connect()
            try await tour.timeWarp()
            try await tour.reauthenticate()
            try await tour.disconnect()
            try await tour.help()
            try await tour.quit()
        } catch {
            await tmux.kill()
            throw error
        }
        await tmux.kill()
    }
}

/// The steps of the tour, in order: each starts and ends on the unfiltered list.
struct DemoTour {
    let tmux: TmuxSession

    /// The table's rows: the lines below the column headings.
    static func rows(_ screen: String) -> [String] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("Customer") }) else { return [] }
        return Array(lines[(header + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
    }

    func list() async throws {
        // The whole first frame (a capture can land mid-draw).
        let screen = try await tmux.waitFor("the demo's first frame") {
            Self.rows($0).count == 10 && $0.contains("healthy 3") && $0.contains("Ines Duarte")
        }
        for state in ["re-auth 2", "critical 1", "failing 1", "keep-alive 1", "expired 1", "expiring 1", "healthy 3"] {
            #expect(screen.contains(state), "\(state) missing:\n\(screen)")
        }
        #expect(screen.contains(" DEMO ") && Self.rows(screen).count == 10, "not the demo's 10 vehicles:\n\(screen)")
        // The mixed fleet: two v3 connections beside the classic ones, with no token clocks.
        let v3 = Self.rows(screen).filter { $0.contains(" v3 ") }
        #expect(v3.count == 2 && v3.allSatisfy { $0.contains(" — ") }, "no v3 rows:\n\(screen)")
    }

    /// 1 sorts by customer, 1 again reverses; 8 goes back to health, the worst first.
    func sort() async throws {
        // Waited for whole (a capture can land between the header's bytes and the rows').
        try await tmux.send("1")
        try await tmux.waitFor("sorted by customer", timeout: 10) { screen in
            screen.contains("Customer▲") && Self.rows(screen).first?.hasPrefix("Alice Exam") == true
        }
        try await tmux.send("1")
        try await tmux.waitFor("reversed", timeout: 10) { screen in
            screen.contains("Customer▼") && Self.rows(screen).first?.hasPrefix("Northwind") == true
        }
        try await tmux.send("8")
        try await tmux.waitFor("a re-auth row first", timeout: 10) { screen in
            screen.contains("Health▲") && Self.rows(screen).first?.contains("● re-auth") == true
        }
    }

    func filter() async throws {
        try await tmux.send("/")
        try await tmux.send("critical", literal: true)
        try await tmux.send("Enter")
        let screen = try await tmux.waitFor(text: "matching “critical”: 1 of 10")
        #expect(Self.rows(screen).count == 1 && screen.contains("Emil Larsen"), "filtered wrong:\n\(screen)")
        try await clearFilter()
    }

    func clearFilter() async throws {
        try await tmux.send("/")
        try await tmux.send("Escape")
        try await tmux.waitFor("the whole list") { Self.rows($0).count > 1 && !$0.contains("matching") }
    }

    /// Filters on `text` and opens the one vehicle left.
    func open(_ text: String) async throws {
        try await tmux.send("/")
        try await tmux.send(text, literal: true)
        try await tmux.send("Enter")
        try await tmux.waitFor("only “\(text)” listed") { Self.rows($0).count == 1 }
        try await tmux.send("Enter")
        try await tmux.waitFor(text: "Refresh runway")
    }

    /// Back from a detail to the whole list.
    func back() async throws {
        try await tmux.send("Escape")
        try await tmux.waitFor(text: "Runway")
        try await clearFilter()
    }

    func detail() async throws {
        try await tmux.send("Home", "Enter")
        let screen = try await tmux.waitFor(text: "Refresh runway")
        #expect(screen.contains("Gus Fring") && screen.contains("invalid_grant") && screen.contains("re-auth"))
        try await tmux.send("Escape")
        try await tmux.waitFor(text: "Runway")
    }

    /// Live data and lock go through the emulator's Vehicle API: the parked Tesla locks; the
    /// F-150 is driving, so Smartcar's error and its words for the customer show.
    func liveDataAndLock() async throws {
        try await open("northwind")
        try await tmux.waitFor(text: "Press d to ask the vehicle")
        try await tmux.send("d")
        // "Odometer" shows while the vehicle is still being asked: wait for a reading itself.
        var screen = try await tmux.waitFor(text: " km · data ")
        #expect(screen.contains("Battery"), "no live data:\n\(screen)")
        try await tmux.send("l")
        try await tmux.waitFor(text: "y  send the command")
        try await tmux.send("y")
        try await tmux.waitFor(text: "Locked 2022 TESLA Model 3 (…100001).")
        try await back()

        try await open("alice")
        try await tmux.send("l")
        try await tmux.waitFor(text: "y  send the command")
        try await tmux.send("y")
        screen = try await tmux.waitFor(text: "VEHICLE_STATE:IN_MOTION (HTTP 409)")
        #expect(screen.contains("Customer message: Your vehicle is moving."))
        #expect(!screen.contains("Tell the customer"), "Smartcar's words for the customer twice:\n\(screen)")
        try await back()
    }

    func connect() async throws {
        try await tmux.send("n")
        try await tmux.send("Hana Sato", literal: true)
        try await tmux.send("Enter")
        try await tmux.waitFor(text: "Waiting for the customer")
        try await tmux.send("A")
        try await tmux.waitFor(text: "✓ Linked 1 vehicle for Hana Sato")
        try await tmux.send("Escape")
        let screen = try await tmux.waitFor("Hana Sato in the list") {
            $0.contains("Runway") && $0.contains("Hana Sato")
        }
        #expect(screen.contains("Vehicles · 11") && screen.contains("healthy 4"), "counts wrong:\n\(screen)")
        #expect(
            Self.rows(screen).contains { $0.hasPrefix("Hana Sato") && $0.contains(" v3 ") },
            "a new link is v3:\n\(screen)")
    }

    /// An hour later Bob's access token (5 minutes left) and Chen's (expired) were refreshed
    /// in the background, with no key pressed.
    func timeWarp() async throws {
        try await tmux.send("w")
        try await tmux.waitFor(text: "Time warp: the clocks moved 1h00m forward")
        let screen = try await tmux.waitFor("the background refresh after the warp") {
            $0.contains("expiring 0") && $0.contains("expired 0")
                && Self.rows($0).contains { $0.hasPrefix("Bob's Bike") && Self.refreshedSecondsAgo($0) }
        }
        #expect(
            Self.rows(screen).contains {
                $0.hasPrefix("Chen Wei") && $0.contains("healthy") && Self.refreshedSecondsAgo($0)
            },
            "Chen's pair was not refreshed:\n\(screen)")
    }

    /// Whether a row's Last column says a refresh succeeded seconds ago (the seeds' are older).
    static func refreshedSecondsAgo(_ row: String) -> Bool {
        row.range(of: #" ok \d+s\s*$"#, options: .regularExpression) != nil
    }

    func reauthenticate() async throws {
        try await open("gus")
        try await tmux.send("a")
        try await tmux.waitFor(text: "Re-authenticate Gus Fring")
        try await tmux.waitFor(text: "Waiting for the customer")
        try await tmux.send("A")
        try await tmux.waitFor(text: "✓ Linked 1 vehicle for Gus Fring")
        try await tmux.send("Escape")
        try await tmux.waitFor(text: "Runway")
        try await clearFilter()
        try await tmux.waitFor("Gus healthy") { screen in
            Self.rows(screen).contains { $0.hasPrefix("Gus Fring") && $0.contains("● healthy") }
                && screen.contains("re-auth 1") // Jonas's v3 connection is gone at Smartcar
        }
    }

    /// Disconnecting asks for the VIN's last 6 characters; a wrong answer disconnects nothing.
    func disconnect() async throws {
        try await open("northwind")
        try await tmux.send("x")
        try await tmux.waitFor(text: "Type the last 6 characters of the VIN")
        try await tmux.send("999999", literal: true)
        try await tmux.send("Enter")
        try await tmux.waitFor(text: "That is not the end of the VIN; nothing was disconnected.")
        try await tmux.send("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        try await tmux.send("100001", literal: true)
        try await tmux.send("Enter")
        try await tmux.waitFor(text: "Disconnected 2022 TESLA Model 3 (…100001).")
        try await clearFilter()
        let screen = try await tmux.waitFor(text: "Vehicles · 10")
        #expect(!screen.contains("Northwind"), "the disconnected vehicle is still listed:\n\(screen)")
        #expect(
            screen.contains("healthy 8") && screen.contains("failing 1"),
            "the counts still include the disconnected vehicle:\n\(screen)")
    }

    func help() async throws {
        try await tmux.send("?")
        let screen = try await tmux.waitFor(text: "Group by connection")
        #expect(screen.contains("┌─ Keys ─") && screen.contains("Filter over all columns"), "no help box:\n\(screen)")
        try await tmux.send("Space")
        try await tmux.waitFor("the help to close") { !$0.contains("Group by connection") && $0.contains("Runway") }
    }

    /// q ends the demo with status 0; the shell's prompt is back and echoes what is typed.
    func quit() async throws {
        try await tmux.send("q")
        var screen = try await tmux.waitFor(text: "__EXIT__=0")
        #expect(!screen.contains("Carport ›"), "the TUI is still on screen:\n\(screen)")
        try await tmux.send("echo restored", literal: true)
        try await tmux.send("Enter")
        screen = try await tmux.waitFor("the shell to answer") { $0.contains("$ echo restored\nrestored\n$") }
        #expect(!screen.contains("Carport ›"))
    }
}
