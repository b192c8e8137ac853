import CarportTestSupport
import Foundation
import SmartcarEmulator
import Testing

struct WithEmulatorTests {
    struct Planned: Error {}

    @Test func theEmulatorIsStoppedAfterTheBody() async throws {
        let port = try await withEmulator(EmulatorConfig(seedDemoWorld: false)) { emulator in
            let port = try #require(emulator.baseURL.port.map { UInt16($0) })
            #expect(FreePortTests.connects(to: port))
            return port
        }
        #expect(!FreePortTests.connects(to: port))
    }

    @Test func theEmulatorIsStoppedWhenTheBodyThrows() async throws {
        let seen = LockBox<UInt16?>(nil)
        await #expect(throws: Planned.self) {
            try await withEmulator(EmulatorConfig(seedDemoWorld: false)) { emulator in
                seen.value = emulator.baseURL.port.map { UInt16($0) }
                throw Planned()
            }
        }
        let port = try #require(seen.value)
        #expect(!FreePortTests.connects(to: port))
    }

    @Test func cleanupRunsOnBothPaths() async throws {
        let cleanups = LockBox(0)
        let result = try await withCleanup {
            7
        } cleanup: {
            cleanups.withLock { $0 += 1 }
        }
        #expect(result == 7)
        await #expect(throws: Planned.self) {
            try await withCleanup { () throws -> Void in
                throw Planned()
            } cleanup: {
                cleanups.withLock { $0 += 1 }
            }
        }
        #expect(cleanups.value == 2)
    }
}
