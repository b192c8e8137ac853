import Foundation

/// The random source of randomized tests: SplitMix64 from a seed that is printed when the
/// generator is made, so a failure can be replayed by setting `CARPORT_TEST_SEED` to it.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The environment variable that fixes the seed.
    public static let variable = "CARPORT_TEST_SEED"

    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// A generator seeded from `CARPORT_TEST_SEED` when it is set, else from the system; prints the
    /// seed (naming `test`) before anything random happens.
    public static func forTest(
        _ test: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> SeededGenerator {
        let given = environment[variable].flatMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        let seed = given ?? UInt64.random(in: .min ... .max)
        print(
            "\(test): random seed \(seed)\(given == nil ? "" : " (from \(variable))"); \(variable)=\(seed) replays it")
        return SeededGenerator(seed: seed)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
