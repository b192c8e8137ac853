import Foundation
import SmartcarEmulator
import Testing

@Suite struct EmulatorTests {
    @Test(
        "stopping twice returns at once the second time (a test may stop the server mid-way)",
        .timeLimit(.minutes(1)))
    func stoppingTwiceIsHarmless() async throws {
        let emulator = try await buildEmulator(config: EmulatorConfig(seedDemoWorld: false))
        try await emulator.start()
        await emulator.stop()
        await emulator.stop()
    }
}
