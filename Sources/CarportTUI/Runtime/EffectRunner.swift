import CarportCore

/// Performs effects through the ports and reports their results as actions. The terminal
/// runtime performs `.quit` and `.copyToClipboard` itself; everything else comes here.
public actor EffectRunner {
    private let ports: AppPorts
    private let send: @Sendable (Action) -> Void
    private var session: ConnectControl?
    /// The running lock or unlock; `.stopWaiting` cancels it (or the next one, when it comes first:
    /// effects run as separate tasks, so `s` can overtake the command it stops).
    private var command: Task<Result<String, CarportError>, Never>?
    private var stopPending = false
    /// How many times the store was loaded: sort orders computed later belong to one load.
    private var loads = 0

    public init(ports: AppPorts, send: @escaping @Sendable (Action) -> Void) {
        self.ports = ports
        self.send = send
    }

    /// Reads the store and indexes it for the first frame; the search text and sort orders follow
    /// from a background task (docs/CODEBASE.md, "Fleet scale").
    private func reload() async {
        do {
            let contents = try await ports.load()
            loads += 1
            var index = FleetIndex(connections: contents.connections, vehicles: contents.vehicles)
            index.load = loads
            index.changeMark = contents.mark
            send(.loaded(index))
            let send = self.send
            Task.detached(priority: .utility) { send(.indexed(index.lookups())) }
        } catch {
            send(.loadFailed(Self.carportError(error)))
        }
    }

    public func perform(_ effect: Effect) async {
        let ports = self.ports
        switch effect {
        case .quit, .copyToClipboard:
            return
        case .reload:
            await reload()
        case .pollChanges(let mark):
            send(.changed(await Self.result { try await ports.changes(mark) }))
        case .refresh(let id):
            send(.refreshed(connectionId: id, await Self.result { try await ports.refresh(id) }))
        case .refreshDue:
            send(.autoRefreshFinished(await ports.refreshDue()))
        case .fetchLiveData(let id):
            send(.liveData(vehicleId: id, await Self.result { try await ports.liveData(id) }))
        case .security(let action, let id):
            let accepted: @Sendable () -> Void = { [send] in send(.commandAccepted(vehicleId: id)) }
            send(
                .securityDone(
                    vehicleId: id, action, await runCommand { try await ports.security(action, id, accepted) }))
        case .stopWaiting:
            if let command { command.cancel() } else { stopPending = true }
        case .disconnect(let id):
            let result = await Self.result { try await ports.disconnect(id) }
            send(.disconnected(vehicleId: id, error: result.failure))
        case .checkCompatibility(let vin):
            send(.connect(.checked(await Self.result { try await ports.compatibility(vin) })))
        case .startConnect(let purpose, let choices):
            await session?.cancel()
            let send = self.send
            do {
                session = try await ports.connect(purpose, choices) { send(.connect($0)) }
            } catch {
                send(.connect(.failed(Self.carportError(error))))
            }
        case .submitRedirect(let url):
            if let session {
                await session.submitRedirect(url)
            } else {
                send(.connect(.rejected("No Connect session is running; start one first.")))
            }
        case .timeWarp(let seconds):
            guard let demo = ports.demo else { return }
            await demo.timeWarp(seconds)
            send(.timeWarped(seconds))
        case .simulateApproval(let purpose, let urls):
            guard let demo = ports.demo else { return }
            do {
                if let sentBack = try await demo.approve(purpose, urls) { await session?.submitRedirect(sentBack) }
            } catch {
                send(.connect(.rejected("The simulated approval failed: \(Self.carportError(error).message)")))
            }
        case .cancelConnect:
            await session?.cancel()
            session = nil
        }
    }

    /// Runs a lock or unlock as the one `.stopWaiting` can cancel.
    private func runCommand(_ body: @escaping @Sendable () async throws -> String) async -> Result<String, CarportError>
    {
        let task = Task { await Self.result(body) }
        command = task
        if stopPending {
            stopPending = false
            task.cancel()
        }
        let result = await task.value
        command = nil
        return result
    }

    private static func result<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, CarportError> {
        do { return .success(try await body()) } catch { return .failure(carportError(error)) }
    }

    static func carportError(_ error: any Error) -> CarportError {
        if error is CancellationError { // only a command is cancelled, and this one before it was sent
            return CarportError(.stopped, "Stopped before the command was sent; nothing was changed.")
        }
        return CarportError.from(error)
    }
}

extension Result {
    /// The error, or nil for a success.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
