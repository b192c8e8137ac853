import CarportTestSupport
import Testing

struct SeededGeneratorTests {
    @Test func theSameSeedGivesTheSameDraws() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let first = (0..<20).map { _ in Int.random(in: 0...1000, using: &a) }
        #expect(first == (0..<20).map { _ in Int.random(in: 0...1000, using: &b) })
        #expect(first != (0..<20).map { _ in Int.random(in: 0...1000, using: &c) })
    }

    @Test func theEnvironmentVariableSetsTheSeed() {
        #expect(SeededGenerator.forTest("a test", environment: ["CARPORT_TEST_SEED": "1234"]).seed == 1234)
        let fresh = SeededGenerator.forTest("a test", environment: [:]).seed
        #expect(fresh != SeededGenerator.forTest("a test", environment: [:]).seed)
    }
}
