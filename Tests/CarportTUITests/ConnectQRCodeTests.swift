import CarportCore
import CarportTUI
import CarportTestSupport
import Testing

/// The Connect screen's QR code: beside the text when the terminal has room, a sentence saying
/// why not otherwise, `c` hides and shows it. Drawn black on white (`Role.qrCode`).
@Suite struct ConnectQRCodeTests {
    /// A code the size of a real Connect URL's (version 13: 69 modules).
    static let code = QRCode(size: 69, modules: (0..<69 * 69).map { $0 % 3 == 0 })

    static func waiting(_ size: Size, hosted: Bool = true) -> State {
        var state = Fixtures.state(size: size)
        press(&state, .char("n"))
        ConnectFormTests.type(&state, "Hana")
        press(&state, .enter)
        let urls = ConnectURLs(
            short: "http://f", full: "http://f", qrCode: code, hostedPage: hosted ? "https://fleet.example/cb" : nil)
        _ = reduce(&state, .connect(.urlsReady(urls)))
        return state
    }

    static func text(_ state: State) -> String {
        let buffer = render(state, state.size)
        return (0..<state.size.height).map { buffer.line($0) }.joined(separator: "\n")
    }

    @Test func at80x24ItSaysThereIsNoRoom() {
        let state = Self.waiting(Size(width: 80, height: 24))
        let screen = Self.text(state)
        #expect(screen.contains("no room at 80x24 (it needs 117x40)"), "\(screen)")
        #expect(!render(state, state.size).cells.contains { $0.role == .qrCode })
        #expect(screen.contains("Customer sees") && screen.contains("https://fleet.example/cb"))
    }

    @Test func withTheCatcherItIsHiddenUntilCIsPressed() {
        var state = Self.waiting(Size(width: 120, height: 40), hosted: false)
        #expect(Self.text(state).contains("hidden (c shows it)"))
        #expect(!render(state, state.size).cells.contains { $0.role == .qrCode })
        press(&state, .char("c"))
        #expect(render(state, state.size).cells.contains { $0.role == .qrCode })
    }

    @Test func at120x40ItIsBesideTheTextAndCHidesIt() {
        var state = Self.waiting(Size(width: 120, height: 40))
        let buffer = render(state, state.size)
        let left = 120 - Self.code.columns
        for (y, line) in Self.code.halfBlockLines.enumerated() {
            #expect(String((left..<120).compactMap { buffer[$0, y].character }) == line)
            #expect((left..<120).allSatisfy { buffer[$0, y].role == .qrCode })
        }
        #expect(Self.text(state).contains("at the right; c hides it"))
        press(&state, .char("c"))
        #expect(Self.text(state).contains("hidden (c shows it)"))
        #expect(!render(state, state.size).cells.contains { $0.role == .qrCode })
        press(&state, .char("c"))
        #expect(render(state, state.size).cells.contains { $0.role == .qrCode })
    }
}
