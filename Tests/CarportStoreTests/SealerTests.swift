import CarportCore
import Foundation
import Testing

@testable import CarportStore

@Suite struct SealerTests {
    let sealer = Sealer(key: .generate())
    let place = Sealer.Place(table: "connections", row: "c1", column: "refresh_token")

    @Test func roundTrip() throws {
        let blob = try sealer.seal(Secret("refresh-token-1"), at: place)
        #expect(try sealer.openSecret(blob, at: place).reveal() == "refresh-token-1")
        #expect(!String(decoding: blob, as: UTF8.self).contains("refresh-token-1"))
    }

    @Test func sealingTwiceGivesDifferentBlobs() throws {
        #expect(try sealer.seal(Secret("x"), at: place) != sealer.seal(Secret("x"), at: place))
    }

    @Test(arguments: [0, 12, 20, 40])
    func tamperedByteFails(index: Int) throws {
        var blob = try sealer.seal(Secret("refresh-token-1"), at: place)
        blob[blob.startIndex + index] ^= 0x01
        let error = #expect(throws: CarportError.self) { try sealer.open(blob, at: place) }
        #expect(error?.kind == .corruptStore)
    }

    @Test(arguments: [
        Sealer.Place(table: "connections", row: "c2", column: "refresh_token"),
        Sealer.Place(table: "connections", row: "c1", column: "access_token"),
        Sealer.Place(table: "vehicles", row: "c1", column: "refresh_token"),
    ])
    func valueMovedElsewhereFails(other: Sealer.Place) throws {
        let blob = try sealer.seal(Secret("refresh-token-1"), at: place)
        #expect(throws: CarportError.self) { try sealer.open(blob, at: other) }
    }

    @Test func anotherKeyFails() throws {
        let blob = try sealer.seal(Secret("t"), at: place)
        #expect(throws: CarportError.self) { try Sealer(key: .generate()).open(blob, at: place) }
    }

    @Test func fingerprintIsShortKeyedAndStable() {
        let token = Secret("refresh-token-1")
        let print1 = sealer.fingerprint(token)
        #expect(print1.count == 12)
        #expect(print1 == sealer.fingerprint(token))
        #expect(print1 != sealer.fingerprint(Secret("refresh-token-2")))
        #expect(print1 != Sealer(key: .generate()).fingerprint(token))
    }

    @Test func errorsNeverCarryTheSecret() throws {
        let blob = try sealer.seal(Secret("refresh-token-1"), at: place)
        do {
            _ = try Sealer(key: .generate()).open(blob, at: place)
            Issue.record("opened under the wrong key")
        } catch let error as CarportError {
            #expect(!error.message.contains("refresh-token-1"))
            #expect(error.message.contains("connections/c1/refresh_token"))
        }
    }
}
