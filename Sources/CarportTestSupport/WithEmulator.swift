import SmartcarEmulator

/// Builds and starts an emulator, runs `body` with it, and awaits its stop afterwards, also when
/// starting it or `body` throws: every emulator a test starts is stopped before the test ends.
public func withEmulator<Result>(
    _ config: EmulatorConfig,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (Emulator) async throws -> Result
) async throws -> Result {
    let emulator = try await buildEmulator(config: config)
    return try await withCleanup {
        try await emulator.start()
        return try await body(emulator)
    } cleanup: {
        await emulator.stop()
    }
}
