import CarportCore
import CarportTUI
import Foundation

/// Runs the app in the terminal: keys and ticks go through `reduce`, frames through `render`
/// and `TerminalScreen`, and effects through the ports on background tasks, so network work
/// never blocks input. The terminal (and stderr, held aside meanwhile) is restored on `q`, Ctrl-C,
/// SIGTERM, SIGHUP, a thrown error, and (by the signal trap) a crash.
public final class TerminalApp: @unchecked Sendable {
    // @unchecked: the state and the screen are touched only by the UI thread that `run` starts.
    private var state: State
    private let clock: any WallClock
    private let inbox = Inbox()
    private let effects: AsyncStream<Effect>.Continuation
    private let consumer: Task<Void, Never>
    private var running = true
    /// The quit signal (SIGINT, SIGTERM, SIGHUP) that ended the run, if one did.
    public private(set) var endingSignal: Int32?
    private var dirty = true

    /// `firstAutoRefreshAfter` delays the first background refresh pass (the demo shows every
    /// health state before it fixes the due ones).
    public init(ports: AppPorts, clock: any WallClock, readOnly: Bool, firstAutoRefreshAfter: TimeInterval = 0) {
        state = State(now: clock.now(), readOnly: readOnly)
        state.nextAutoRefresh = clock.now().addingTimeInterval(firstAutoRefreshAfter)
        state.isDemo = ports.demo != nil
        state.applicationKinds = ports.applicationKinds
        self.clock = clock
        let inbox = self.inbox
        let runner = EffectRunner(ports: ports) { inbox.push($0) }
        let (stream, continuation) = AsyncStream.makeStream(of: Effect.self)
        effects = continuation
        // Connect effects run in order (start, paste, cancel); the rest run side by side.
        consumer = Task.detached {
            for await effect in stream {
                if effect.isConnectSession {
                    await runner.perform(effect)
                } else {
                    Task { await runner.perform(effect) }
                }
            }
        }
    }

    deinit {
        effects.finish()
        consumer.cancel()
    }

    /// Opens the terminal and runs until the operator quits. Curses lives on one dedicated
    /// thread; this function awaits it.
    public func run() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try self.loop()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "carport-ui"
            thread.start()
        }
    }

    private func loop() throws {
        let screen = try TerminalScreen()
        SignalTrap.install(holding: screen.heldStderr)
        defer {
            // Untrap first: the fatal-signal handler must not use the held descriptors once they close.
            SignalTrap.remove()
            screen.close()
        }
        dispatch(.resized(screen.size), screen)
        perform(.reload, screen)
        var lastTick = clock.now()
        while running {
            if let signal = SignalTrap.take() {
                endingSignal = signal
                perform(.cancelConnect, screen)
                break
            }
            switch screen.read() {
            case .key(let key): dispatch(.key(key), screen)
            case .resize:
                screen.invalidate()
                dispatch(.resized(screen.size), screen)
            case .none:
                // No key within the read's wait, or none ever again: a hung-up terminal returns at
                // once from then on, so it ends the run as its SIGHUP would, even if that was missed.
                if screen.hungUp {
                    endingSignal = SIGHUP
                    perform(.cancelConnect, screen)
                    running = false
                    continue
                }
            }
            for action in inbox.drain() { dispatch(action, screen) }
            let now = clock.now()
            if abs(now.timeIntervalSince(lastTick)) >= 1 {
                lastTick = now
                dispatch(.tick(now), screen)
            }
            if dirty && running {
                screen.flush(render(state, screen.size))
                dirty = false
            }
        }
    }

    private func dispatch(_ action: Action, _ screen: TerminalScreen) {
        for effect in reduce(&state, action) { perform(effect, screen) }
        dirty = true
    }

    private func perform(_ effect: Effect, _ screen: TerminalScreen) {
        switch effect {
        case .quit:
            running = false
        case .copyToClipboard(let text):
            dispatch(.copied(screen.copyToClipboard(text)), screen)
        default:
            effects.yield(effect)
        }
    }
}

extension Effect {
    var isConnectSession: Bool {
        switch self {
        case .startConnect, .submitRedirect, .cancelConnect: true
        default: false
        }
    }
}
