import CarportTestSupport
import Testing

struct PollTests {
    @Test func returnsOnceTheConditionHolds() async throws {
        let calls = LockBox(0)
        try await poll(until: "the third call") {
            calls.withLock {
                $0 += 1
                return $0 == 3
            }
        }
        #expect(calls.value == 3)
    }

    @Test func returnsTheFirstValueTheProbeGives() async throws {
        let calls = LockBox(0)
        let value = try await poll(for: "a value") {
            calls.withLock {
                $0 += 1
                return $0 >= 2 ? "v\($0)" : nil
            }
        }
        #expect(value == "v2")
    }

    /// After the deadline the error names what was awaited and what was last seen.
    @Test func theDeadlineThrowsAnErrorNamingTheCondition() async throws {
        let started = ContinuousClock.now
        await #expect {
            try await poll(until: "pigs fly", timeout: .milliseconds(50)) { false }
        } throws: { error in
            (error as? PollTimeout)?.description.hasPrefix("timed out after 0.05 seconds waiting until pigs fly")
                == true
        }
        #expect(ContinuousClock.now - started >= .milliseconds(50))
        await #expect {
            _ = try await poll(for: "a screen", timeout: .milliseconds(20), lastSeen: { "an empty one" }) {
                nil as Int?
            }
        } throws: { error in
            (error as? PollTimeout)?.description.hasSuffix("last seen:\nan empty one") == true
        }
    }
}
