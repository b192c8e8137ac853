import CarportCore
import Testing

@Suite struct ClosestNameTests {
    static let names = ["tui", "list", "status", "show", "compat", "connect", "reauth", "refresh"]

    @Test(arguments: [
        ("conect", "connect"), ("stauts", "status"), ("comp", "compat"), ("REFRESH", "refresh"), ("lst", "list"),
    ])
    func typosAndPrefixesFindTheCommand(typed: String, meant: String) {
        #expect(ClosestName.to(typed, among: Self.names) == meant)
    }

    @Test func nothingCloseSuggestsNothing() {
        #expect(ClosestName.to("frobnicate", among: Self.names) == nil)
    }
}
