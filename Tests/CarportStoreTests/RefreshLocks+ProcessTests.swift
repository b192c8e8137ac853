import CarportCore
import CarportTestSupport
import Foundation
import Testing

@testable import CarportStore

/// The refresh lock against another process: Python's `fcntl.lockf` takes the same kind of
/// byte-range lock, so a child can hold a connection's byte while this process waits for it.
@Suite struct RefreshLockProcessTests {
    @Test func waitsForAnotherProcessAndIsFreedWhenItIsKilled() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        _ = try await store.insert(Fixture.connection("c1"), vehicles: [], audit: Fixture.audit("connect"))
        let holder = try await Self.holdLock(of: "c1", in: home)
        defer { holder.terminate() }

        let killedAt = LockBox<Date?>(nil)
        let waiter = Task {
            try await store.withRefreshLock(connectionId: "c1") { row in
                (row.id, Date(), killedAt.value)
            }
        }
        try await poll(until: "this process waits on the lock", timeout: .seconds(20)) {
            store.refreshLocks.waitingForOtherProcesses > 0
        }
        killedAt.value = Date()
        holder.signal(SIGKILL)
        let (id, acquiredAt, killed) = try await waiter.value
        #expect(id == "c1")
        #expect(killed != nil && acquiredAt >= killed!)
    }

    @Test func otherConnectionsAreNotBlocked() async throws {
        let home = try TempHome()
        defer { home.remove() }
        let store = try Fixture.open(home)
        _ = try await store.insert(Fixture.connection("c2"), vehicles: [], audit: Fixture.audit("connect"))
        let holder = try await Self.holdLock(of: "c1", in: home)
        defer { holder.terminate() }
        #expect(try await store.withRefreshLock(connectionId: "c2") { $0.id } == "c2")
    }

    /// A Python child that holds `connection`'s byte of the lock file until it is killed.
    static func holdLock(of connection: String, in home: TempHome) async throws -> ChildProcess {
        let holder = try ChildProcess.spawn(
            "python3",
            [
                "-c",
                """
                import fcntl, os, sys, time
                fd = os.open(sys.argv[1], os.O_RDWR)
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, int(sys.argv[2]), 0)
                print("locked", flush=True)
                time.sleep(600)
                """, home.files.lock.path, String(RefreshLocks.offset(of: connection)),
            ], environment: ["PATH": "/usr/bin:/bin"])
        do {
            try await poll(until: "the child holds the lock", timeout: .seconds(20)) {
                holder.currentStdout().contains("locked")
            }
        } catch {
            holder.terminate()
            throw error
        }
        return holder
    }
}
