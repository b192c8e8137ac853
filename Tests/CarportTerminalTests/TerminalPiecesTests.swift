import CNcurses
import CarportCore
import CarportTUI
import CarportTerminal
import CarportTestSupport
import Foundation
import Testing

@Suite struct TerminalPiecesTests {
    @Test(arguments: [
        (Int32(OK), UInt32(13), Input.key(.enter)), (OK, 10, .key(.enter)), (OK, 27, .key(.escape)),
        (OK, 127, .key(.backspace)), (OK, 8, .key(.backspace)), (OK, 9, .key(.tab)),
        (OK, 3, .key(.ctrl("c"))), (OK, 113, .key(.char("q"))), (OK, 0xE9, .key(.char("é"))),
        (OK, 0x4F8B, .key(.char("例"))), (OK, 0, .none), (ERR, 0, .none),
        (KEY_CODE_YES, UInt32(KEY_UP), .key(.up)), (KEY_CODE_YES, UInt32(KEY_DOWN), .key(.down)),
        (KEY_CODE_YES, UInt32(KEY_LEFT), .key(.left)), (KEY_CODE_YES, UInt32(KEY_RIGHT), .key(.right)),
        (KEY_CODE_YES, UInt32(KEY_NPAGE), .key(.pageDown)), (KEY_CODE_YES, UInt32(KEY_PPAGE), .key(.pageUp)),
        (KEY_CODE_YES, UInt32(KEY_HOME), .key(.home)), (KEY_CODE_YES, UInt32(KEY_END), .key(.end)),
        (KEY_CODE_YES, UInt32(KEY_ENTER), .key(.enter)), (KEY_CODE_YES, UInt32(KEY_BACKSPACE), .key(.backspace)),
        (KEY_CODE_YES, UInt32(KEY_DC), .key(.delete)), (KEY_CODE_YES, UInt32(KEY_RESIZE), .resize),
        (KEY_CODE_YES, UInt32(KEY_F0 + 5), .none),
    ])
    func decodesKeys(status: Int32, code: UInt32, expected: Input) {
        #expect(KeyDecoder.decode(status: status, code: code) == expected)
    }

    @Test func noColourAndMonochromeTerminalsGetAttributesOnly() {
        #expect(Palette.choose(environment: ["NO_COLOR": ""], terminalHasColours: true) == .noColour)
        #expect(Palette.choose(environment: [:], terminalHasColours: false) == .monochrome)
        #expect(Palette.choose(environment: [:], terminalHasColours: true) == .colour)
        for role in Role.allCases {
            let mono = Palette.monochrome.style(role)
            #expect(mono.foreground == .terminalDefault && mono.background == .terminalDefault)
            #expect(Palette.monochrome.pairNumber(role) == 0)
            if role != .qrCode { #expect(Palette.noColour.style(role) == mono) }
        }
        #expect(Palette.monochrome.style(.selected).reverse)
        #expect(Palette.monochrome.style(.reauth).bold)
    }

    @Test func aQRCodeIsBlackOnWhiteWheneverThereAreColours() {
        for palette in [Palette.colour, .noColour] {
            #expect(palette.style(.qrCode).foreground == .black && palette.style(.qrCode).background == .white)
            #expect(palette.pairNumber(.qrCode) != 0)
        }
        #expect(Palette.monochrome.style(.qrCode).reverse)
    }

    @Test func everyRoleHasItsOwnColourPair() {
        let pairs = Role.allCases.map { Palette.colour.pairNumber($0) }
        #expect(Set(pairs).count == Role.allCases.count && !pairs.contains(0))
        let healthColours = [Role.healthy, .expiring, .expired, .keepAlive, .critical, .failing, .reauth]
            .map { Palette.colour.style($0) }
        #expect(Set(healthColours.map { "\($0)" }).count == healthColours.count)
    }

    @Test func asciiFallbackCoversEveryGlyphTheScreensDraw() {
        var state = Fixtures.state(size: Size(width: 120, height: 40))
        var characters = Set<Character>()
        func collect() {
            for cell in render(state, state.size).cells { if let c = cell.character { characters.insert(c) } }
        }
        collect()
        for keys in [
            [Key.char("g")], [.char("?")], [.escape, .char("x")], [.escape, .escape, .enter, .char("l")],
            [.escape, .escape, .char("n"), .char("H"), .enter],
        ] {
            for key in keys { _ = reduce(&state, .key(key)) }
            if case .connect = state.screen {
                _ = reduce(
                    &state, .connect(.urlsReady(ConnectURLs(short: "http://s", full: "http://f", sshHint: "ssh"))))
                _ = reduce(&state, .connect(.linked(ConnectOutcome(connectionId: "c", customer: "H", vehicleCount: 1))))
            }
            collect()
        }
        let unmapped = characters.filter { !$0.isASCII && Glyphs.ascii($0) == "?" && CharacterWidth.of($0) == 1 }
        #expect(unmapped.isEmpty, "no ASCII for \(unmapped.sorted())")
        #expect(
            Glyphs.ascii("┌") == "+" && Glyphs.ascii("─") == "-" && Glyphs.ascii("│") == "|" && Glyphs.ascii("a") == "a"
        )
    }

    @Test func diffWritesOnlyWhatChanged() {
        var old = ScreenBuffer(Size(width: 10, height: 2))
        old.put("hello", x: 0, y: 0)
        var new = old
        new.put("J", x: 0, y: 0)
        new.put("ok", x: 5, y: 1, role: .healthy)
        #expect(
            ScreenDiff.runs(from: old, to: new) == [
                Run(x: 0, y: 0, text: "J", role: .normal), Run(x: 5, y: 1, text: "ok", role: .healthy),
            ])
        #expect(ScreenDiff.runs(from: new, to: new).isEmpty)
    }

    @Test func diffRedrawsEverythingAfterAResizeAndKeepsWideCharactersWhole() {
        var buffer = ScreenBuffer(Size(width: 6, height: 1))
        buffer.put("例え", x: 0, y: 0, role: .accent)
        #expect(
            ScreenDiff.runs(from: nil, to: buffer) == [
                Run(x: 0, y: 0, text: "例え", role: .accent), Run(x: 4, y: 0, text: "  ", role: .normal),
            ])
        let other = ScreenBuffer(Size(width: 7, height: 1))
        #expect(ScreenDiff.runs(from: other, to: buffer).count == 2)
    }

    @Test func osc52CarriesBase64() {
        #expect(OSC52.sequence(copying: "https://x/?a=1") == "\u{1B}]52;c;aHR0cHM6Ly94Lz9hPTE=\u{07}")
    }

    @Test func widthsAndTruncation() {
        #expect(CharacterWidth.of("例え x") == 6)
        #expect(CharacterWidth.truncate("Bob Builder & Sons", to: 8) == "Bob Bui…")
        #expect(CharacterWidth.truncate("陈伟 Chen", to: 4) == "陈…")
        #expect(CharacterWidth.fit("7", to: 3, alignRight: true) == "  7")
        #expect(Format.span(6600) == "1h50m" && Format.span(-1200) == "-20m" && Format.span(2 * 86_400) == "2d0h")
        #expect(Format.utc(Date(timeIntervalSince1970: 1_795_946_400)) == "2026-11-29 10:00:00 UTC")
        #expect(Format.count(10_000) == "10,000")
    }
}
