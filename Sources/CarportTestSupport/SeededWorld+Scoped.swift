import CarportCore
import Foundation
import SmartcarEmulator

extension SeededWorld {
    /// `make`, then `body` with the world; afterwards the emulator is stopped (awaited) and the
    /// home removed, also when `body` throws.
    public static func with<Result>(
        customers: [String], vehiclesEach: Int = 1, powertrains: [Powertrain] = [],
        redirectURI: String = EmulatorConfig.demoRedirectURIs[0],
        adjust: @Sendable (inout Connection) -> Void = { _ in },
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SeededWorld) async throws -> Result
    ) async throws -> Result {
        let world = try await make(
            customers: customers, vehiclesEach: vehiclesEach, powertrains: powertrains, redirectURI: redirectURI,
            adjust: adjust)
        return try await withCleanup {
            try await body(world)
        } cleanup: {
            await world.emulator.stop()
            try? FileManager.default.removeItem(at: world.home)
        }
    }
}
