import CarportCore
import CarportTUI
import CarportTestSupport
import Foundation
import Testing

/// Prints how long the list takes with 10,000 vehicles (figures only; no timing assertion).
@Suite struct PerformanceTests {
    func measure(_ label: String, _ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        print("[perf] \(label): \(String(format: "%.1f", ms)) ms")
        return ms
    }

    @Test func tenThousandVehicles() {
        let fleet = Fixtures.fleet(count: 10_000)
        let size = Size(width: 120, height: 40)
        var state = State(now: Fixtures.now, size: size)
        _ = measure("load + health + sort 10,000") {
            _ = reduce(&state, .loaded(connections: fleet.connections, vehicles: fleet.vehicles))
        }
        #expect(state.rows.count == 10_000)
        _ = measure("render one frame 120x40") { _ = render(state, size) }
        _ = measure("render 100 frames 120x40") { for _ in 0..<100 { _ = render(state, size) } }
        _ = measure("sort by customer") { _ = reduce(&state, .key(.char("1"))) }
        _ = measure("sort by runway") { _ = reduce(&state, .key(.char("7"))) }
        _ = measure("filter keystroke 't' then 'e'") {
            _ = reduce(&state, .key(.char("/")))
            _ = reduce(&state, .key(.char("t")))
            _ = reduce(&state, .key(.char("e")))
        }
        #expect(state.rows.count < 10_000 && !state.rows.isEmpty)
        _ = measure("invert filter") {
            _ = reduce(&state, .key(.enter))
            _ = reduce(&state, .key(.char("!")))
        }
        _ = measure("group by connection") { _ = reduce(&state, .key(.char("g"))) }
        _ = measure("page down x 50") { for _ in 0..<50 { _ = reduce(&state, .key(.pageDown)) } }
        _ = measure("tick (health recomputed, no change)") {
            _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(1)))
        }
        _ = measure("tick 3h later (health changes, rows rebuilt)") {
            _ = reduce(&state, .tick(Fixtures.now.addingTimeInterval(3 * 3600)))
        }
        _ = measure("render one frame after all that") { _ = render(state, size) }
    }
}
