import Dispatch
import Foundation

/// Waiting for the operator's Ctrl-C or a service manager's SIGTERM, for commands that serve in
/// the foreground (`carport emulator`) or wait for Smartcar (`carport lock`).
public enum Termination {
    /// Returns once SIGINT or SIGTERM arrives (both ignored from the first call on).
    public static func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Once(continuation)
            for source in interrupts({ once.fire() }) { once.keep(source) }
        }
    }
}

extension Termination {
    /// Runs `body` in a task that SIGINT or SIGTERM cancels (the CLI's "stop waiting"), and
    /// restores both signals' default actions afterwards.
    public static func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        let task = Task { try await body() }
        let sources = interrupts { task.cancel() }
        defer {
            for (source, sig) in zip(sources, [SIGINT, SIGTERM]) {
                source.cancel()
                signal(sig, SIG_DFL)
            }
        }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// SIGINT and SIGTERM ignored by default and delivered to `handler` instead, one source each.
    private static func interrupts(_ handler: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }
}

/// Resumes a continuation once and keeps the signal sources alive until then.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func keep(_ source: any DispatchSourceSignal) { lock.withLock { sources.append(source) } }

    func fire() {
        let pending = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume()
    }
}
