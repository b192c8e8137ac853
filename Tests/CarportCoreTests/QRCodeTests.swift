import CarportCore
import Testing

/// A QR code in half blocks: two modules per row, inside four light modules of quiet zone.
struct QRCodeTests {
    @Test func twoModulesPerRowInsideTheQuietZone() {
        let code = QRCode(size: 3, modules: [true, false, false, false, true, false, false, false, true])
        #expect(code.columns == 11 && code.rows == 6)
        let lines = code.halfBlockLines
        let blank = String(repeating: " ", count: 11)
        #expect(lines == [blank, blank, "    ▀▄     ", "      ▀    ", blank, blank])
    }

    @Test func darkOnBothHalvesIsAFullBlock() {
        let code = QRCode(size: 2, modules: [true, false, true, true])
        #expect(code.halfBlockLines[2] == "    █▄    ")
        #expect(code.isDark(x: 4, y: 4) && !code.isDark(x: 3, y: 4) && !code.isDark(x: 6, y: 4))
    }
}
