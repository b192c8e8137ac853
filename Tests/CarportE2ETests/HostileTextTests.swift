import CarportCore
import CarportStore
import CarportTestSupport
import Foundation
import Testing

/// Text typed by one operator or sent by Smartcar never reaches another operator's terminal raw.
@Suite(.serialized) struct HostileTextTests {
    static let hostile = "Evil\u{1B}]0;PWNED\u{07}\u{9B}2J\u{202E}gnp"

    /// A label and a make as an attacker would leave them in the store.
    static let plant: @Sendable (inout Connection) -> Void = { connection in
        connection.customer = hostile
        connection.reauthReason = "Smartcar says \u{1B}[2Jwiped"
    }

    @Test("list, show, status, audit and their JSON carry no control character or bidi override")
    func everyOutputIsSanitised() async throws {
        try await SeededWorld.with(customers: ["x"], adjust: Self.plant) { world in
            let vehicle = try #require(world.vehicles.first)
            for arguments in [
                ["list"], ["show", vehicle.id], ["status"], ["audit"], ["list", "--json"], ["status", "--json"],
                ["show", vehicle.id, "--json"], ["export", "--redacted"], ["audit", "--json"],
            ] {
                let result = try await world.run(arguments, extra: ["NO_COLOR": "1"])
                let output = result.stdout + result.stderr
                let unsafe = output.unicodeScalars.filter { TerminalText.isUnsafe($0) && $0 != "\n" }
                #expect(unsafe.isEmpty, "\(arguments): \(unsafe.map { String($0.value, radix: 16) })")
            }
            let list = try await world.run(["list"])
            #expect(list.stdout.contains("Evil\\x1b]0;PWNED"), "\(list.stdout)")
            let json = try await world.run(["list", "--json"])
            let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let customer = ((rows?["vehicles"] as? [[String: Any]])?.first?["customer"] as? String)
            #expect(customer == Self.hostile, "JSON keeps the exact value, escaped")
        }
    }

    @Test("--customer with a control character is refused with what to do")
    func controlCharactersInALabelAreRefused() async throws {
        try await SeededWorld.with(customers: []) { world in
            let result = try await world.run(["connect", "--no-browser", "--customer", "Evil\u{1B}]0;x\u{07}"])
            #expect(result.status == 64)
            #expect(result.stderr.contains("must not contain control characters"))
            #expect(!result.stderr.unicodeScalars.contains { TerminalText.isUnsafe($0) && $0 != "\n" })
        }
    }
}
