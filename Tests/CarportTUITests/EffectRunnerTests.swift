import CarportCore
import CarportTUI
import CarportTestSupport
import Foundation
import Testing

@Suite struct EffectRunnerTests {
    static func unexpected(_ name: String) -> CarportError { CarportError(.internal, "unexpected call: \(name)") }

    /// Ports that fail loudly unless a test overrides them.
    static func ports(log: LockBox<[String]> = LockBox([])) -> AppPorts {
        AppPorts(
            load: { (0, Fixtures.connections, Fixtures.vehicles) },
            changes: { mark in StoreChanges(mark: mark) },
            refresh: { id in
                guard let row = Fixtures.connections.first(where: { $0.id == id }) else { throw Fixtures.serverError }
                return RefreshNews(connection: row, message: "Refreshed \(row.customer).", role: .healthy)
            },
            refreshDue: { ["c-bob": .success(Self.bobRefreshed), "c-gus": .failure(Fixtures.serverError)] },
            liveData: { _ in LiveData(problems: [.init(reading: "fuel", error: CarportError(.api, "none"))]) },
            security: { action, _, _ in action == .lock ? "Locked" : "Unlocked" },
            disconnect: { id in if id == "v-gus" { throw Fixtures.serverError } },
            connect: { purpose, _, events in
                log.withLock { $0.append("start \(purpose.customer)") }
                events(.urlsReady(ConnectURLs(short: "http://s", full: "http://f")))
                return ConnectControl(
                    submitRedirect: { url in
                        log.withLock { $0.append("paste \(url)") }
                        events(.rejected("wrong state"))
                    }, cancel: { log.withLock { $0.append("cancel") } })
            })
    }

    static let bobRefreshed = RefreshNews(
        connection: Fixtures.connections[1], message: "Refreshed \(Fixtures.connections[1].customer).", role: .healthy)

    func run(_ effects: [Effect], ports: AppPorts = ports()) async -> [Action] {
        let outbox = LockBox<[Action]>([])
        let runner = EffectRunner(ports: ports) { action in outbox.withLock { $0.append(action) } }
        for effect in effects { await runner.perform(effect) }
        return outbox.value
    }

    @Test func reloadLoadsTheStoreThenItsLookups() async throws {
        let outbox = LockBox<[Action]>([])
        let runner = EffectRunner(ports: Self.ports()) { action in outbox.withLock { $0.append(action) } }
        await runner.perform(.reload)
        #expect(outbox.value.first == .loaded(connections: Fixtures.connections, vehicles: Fixtures.vehicles))
        try await poll(until: "the search text and sort orders came after the load") { outbox.value.count == 2 }
        var state = State(now: Fixtures.now)
        for action in outbox.value { _ = reduce(&state, action) }
        var lazily = Fixtures.state()
        for column in "123456789" {
            _ = reduce(&state, .key(.char(column)))
            _ = reduce(&lazily, .key(.char(column)))
            #expect(selectedIds(state) == selectedIds(lazily))
        }
        for key: Key in [.char("/"), .char("t"), .char("e")] {
            _ = reduce(&state, .key(key))
            _ = reduce(&lazily, .key(key))
            #expect(selectedIds(state) == selectedIds(lazily))
        }
    }

    @Test func reloadFailureIsReported() async {
        var ports = Self.ports()
        ports.load = { throw CarportError(.wrongKey, "wrong key") }
        #expect(await run([.reload], ports: ports) == [.loadFailed(CarportError(.wrongKey, "wrong key"))])
    }

    @Test func refreshResultsComeBackPerConnection() async {
        #expect(
            await run([.refresh(connectionId: "c-bob"), .refresh(connectionId: "nope")]) == [
                .refreshed(connectionId: "c-bob", .success(Self.bobRefreshed)),
                .refreshed(connectionId: "nope", .failure(Fixtures.serverError)),
            ])
        #expect(
            await run([.refreshDue]) == [
                .autoRefreshFinished([
                    "c-bob": .success(Self.bobRefreshed), "c-gus": .failure(Fixtures.serverError),
                ])
            ])
    }

    @Test func liveDataSecurityAndDisconnect() async {
        #expect(
            await run([
                .fetchLiveData(vehicleId: "v-bob"), .security(.unlock, vehicleId: "v-bob"),
                .disconnect(vehicleId: "v-bob"), .disconnect(vehicleId: "v-gus"),
            ]) == [
                .liveData(
                    vehicleId: "v-bob",
                    .success(LiveData(problems: [.init(reading: "fuel", error: CarportError(.api, "none"))]))),
                .securityDone(vehicleId: "v-bob", .unlock, .success("Unlocked")),
                .disconnected(vehicleId: "v-bob", error: nil),
                .disconnected(vehicleId: "v-gus", error: Fixtures.serverError),
            ])
    }

    @Test func foreignErrorsBecomeInternalCarportErrors() async {
        struct Boom: Error {}
        var ports = Self.ports()
        ports.liveData = { _ in throw Boom() }
        let actions = await run([.fetchLiveData(vehicleId: "v")], ports: ports)
        guard case .liveData(_, .failure(let error))? = actions.first else {
            Issue.record("\(actions)")
            return
        }
        #expect(error.kind == .internal)
    }

    @Test func connectSessionTakesPastesAndCancels() async {
        let log = LockBox<[String]>([])
        let actions = await run(
            [
                .submitRedirect("early"), .startConnect(.newConnection(customer: "Hana")),
                .submitRedirect("http://x/cb?code=1"), .cancelConnect, .submitRedirect("late"),
            ],
            ports: Self.ports(log: log))
        #expect(log.value == ["start Hana", "paste http://x/cb?code=1", "cancel"])
        #expect(
            actions == [
                .connect(.rejected("No Connect session is running; start one first.")),
                .connect(.urlsReady(ConnectURLs(short: "http://s", full: "http://f"))),
                .connect(.rejected("wrong state")),
                .connect(.rejected("No Connect session is running; start one first.")),
            ])
    }

    @Test func connectThatCannotStartFails() async {
        var ports = Self.ports()
        ports.connect = { _, _, _ in throw CarportError(.configuration, "SMARTCAR_REDIRECT_URI is missing.") }
        #expect(
            await run([.startConnect(.newConnection(customer: "H"))], ports: ports) == [
                .connect(.failed(CarportError(.configuration, "SMARTCAR_REDIRECT_URI is missing.")))
            ])
    }

    @Test func terminalEffectsAreNotPerformedHere() async {
        #expect(await run([.quit, .copyToClipboard("x")]).isEmpty)
    }

    @Test func timeWarpGoesThroughItsPortWhenThereIsOne() async {
        let log = LockBox<[String]>([])
        #expect(await run([.timeWarp(60)]).isEmpty) // no demo: nothing happens
        var ports = Self.ports()
        ports.demo = DemoControls(
            timeWarp: { seconds in log.withLock { $0.append("warp \(Int(seconds))") } },
            approve: { _, urls in
                log.withLock { $0.append("approve \(urls.short)") }
                if urls.short == "bad" { throw CarportError(.transient, "no Connect") }
                return nil
            })
        #expect(await run([.timeWarp(3600)], ports: ports) == [.timeWarped(3600)])
        let urls = ConnectURLs(short: "http://s", full: "http://f")
        let purpose = ConnectPurpose.newConnection(customer: "H")
        #expect(await run([.simulateApproval(purpose, urls)], ports: ports).isEmpty) // the session reports the rest
        #expect(
            await run([.simulateApproval(purpose, ConnectURLs(short: "bad", full: "f"))], ports: ports)
                == [.connect(.rejected("The simulated approval failed: no Connect"))])
        #expect(log.value == ["warp 3600", "approve http://s", "approve bad"])
    }
}
