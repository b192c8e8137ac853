import CarportCore
import CarportTUI
import CarportTestSupport
import Testing

/// The Connect form with a VIN and its compatibility review, at 80x24 and 120x40, text plus
/// colour roles (`RECORD_SNAPSHOTS=1` re-records).
@Suite struct ConnectReviewSnapshotTests {
    func check(_ name: String, _ prepare: (inout State) -> Void) {
        for size in RenderSnapshotTests.sizes {
            var state = Fixtures.state(size: size)
            press(&state, .char("n"))
            ConnectFormTests.type(&state, "Hana")
            press(&state, .tab)
            ConnectFormTests.type(&state, ConnectFormTests.vin)
            prepare(&state)
            assertSnapshot(render(state, size).snapshot, named: "\(name)-\(size.width)x\(size.height)")
        }
    }

    @Test func formWithAVIN() { check("connect-form") { _ in } }

    @Test func reviewAfterDroppingAPermission() {
        check("connect-review") { state in
            press(&state, .enter)
            _ = reduce(&state, .connect(.checked(.success(ConnectFormTests.report))))
            press(&state, .char("d"))
        }
    }
}
