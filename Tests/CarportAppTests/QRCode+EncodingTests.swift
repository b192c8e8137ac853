import CarportCore
import Testing

@testable import CarportApp

/// libqrencode through `CQRencode`: the smallest version at level L, so a Connect URL of 300–400
/// bytes (docs/SMARTCAR.md §2.2) fits 120x40 beside the Connect screen's text.
struct QRCodeEncodingTests {
    /// Byte-mode capacities at level L: version 2 holds 32 bytes, 11 holds 321, 12 holds 367, 13 holds 425.
    @Test(arguments: [(20, 25), (321, 61), (367, 65), (368, 69), (425, 69), (426, 73)])
    func theSmallestVersionThatHoldsTheText(bytes: Int, modules: Int) throws {
        let code = try QRCode.encoding(String(repeating: "x", count: bytes))
        #expect(code.size == modules)
        #expect(code.modules.count == modules * modules)
    }

    @Test func textBeyondTheLargestVersionIsAClearError() {
        #expect(throws: CarportError.self) { try QRCode.encoding(String(repeating: "x", count: 3000)) }
    }
}
