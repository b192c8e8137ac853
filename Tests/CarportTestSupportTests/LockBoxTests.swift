import CarportTestSupport
import Testing

struct LockBoxTests {
    @Test func concurrentChangesAreNotLost() async {
        let box = LockBox(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 { group.addTask { for _ in 0..<100 { box.withLock { $0 += 1 } } } }
        }
        #expect(box.value == 10_000)
    }

    @Test func valueReadsAndReplaces() {
        let box = LockBox<[String]>([])
        box.withLock { $0.append("a") }
        box.value = box.value + ["b"]
        #expect(box.value == ["a", "b"])
    }
}
