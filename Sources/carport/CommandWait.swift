import CarportApp
import CarportCore
import Foundation

/// Waiting for a vehicle command, which can take minutes at Smartcar: the time waited is shown on
/// stderr when that is a terminal, and Ctrl-C (or SIGTERM) stops waiting; `Carport` then records
/// the command as possibly taken effect (docs/SMARTCAR.md §5.7).
enum CommandWait {
    static func run<T: Sendable>(_ doing: StyledText, _ body: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        guard isatty(STDERR_FILENO) == 1 else { return try await Termination.cancellingOnInterrupt(body) }
        let ticker = Task { await show(doing) }
        let result = await Result { try await Termination.cancellingOnInterrupt(body) }
        ticker.cancel()
        await ticker.value
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        return try result.get()
    }

    /// Redraws "Locking …… 12s" once a second until cancelled.
    private static func show(_ doing: StyledText) async {
        let started = ContinuousClock.now
        let what = doing.rendered(TerminalStyle(enabled: false))
        while !Task.isCancelled {
            let waited = Format.elapsed((ContinuousClock.now - started).seconds)
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(what)… \(waited) (Ctrl-C stops waiting)".utf8))
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing body.
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
