import CarportApp
import CarportCore
import Foundation
import Synchronization

/// Waiting for a vehicle command, which can take minutes at Smartcar: the time waited is shown on
/// stderr when that is a terminal, and Ctrl-C (or SIGTERM) stops waiting; `Carport` then records
/// the command as possibly taken effect (docs/SMARTCAR.md §5.7). A command Smartcar accepted but
/// still runs (a v3 `202`) says so.
enum CommandWait {
    typealias Accepted = @Sendable () -> Void

    static func run<T: Sendable>(
        _ doing: StyledText, _ body: @escaping @Sendable (@escaping Accepted) async throws -> T
    )
        async throws -> T
    {
        let accepted = AcceptedFlag()
        guard isatty(STDERR_FILENO) == 1 else {
            let say: Accepted = {
                FileHandle.standardError.write(
                    Data("Smartcar accepted it; still running, following the lock status.\n".utf8))
            }
            return try await Termination.cancellingOnInterrupt { try await body(say) }
        }
        let ticker = Task { await show(doing, accepted: accepted) }
        let result = await Result {
            try await Termination.cancellingOnInterrupt {
                try await body { accepted.value.store(true, ordering: .relaxed) }
            }
        }
        ticker.cancel()
        await ticker.value
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        return try result.get()
    }

    /// Redraws "Locking …… 12s" once a second until cancelled.
    private static func show(_ doing: StyledText, accepted: AcceptedFlag) async {
        let started = ContinuousClock.now
        let what = doing.rendered(TerminalStyle(enabled: false))
        while !Task.isCancelled {
            let waited = Format.elapsed((ContinuousClock.now - started).seconds)
            let state = accepted.value.load(ordering: .relaxed) ? ": accepted, still running" : ""
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(what)\(state)… \(waited) (Ctrl-C stops waiting)".utf8))
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

/// Set once Smartcar accepted the command; read by the progress line.
private final class AcceptedFlag: Sendable {
    let value = Atomic<Bool>(false)
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing body.
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
