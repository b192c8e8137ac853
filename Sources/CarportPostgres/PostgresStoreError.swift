import CarportCore
import Foundation
import PostgresNIO
import _ConnectionPoolModule

/// PostgreSQL's errors as `CarportError`, naming the database and never a password or a value.
enum PostgresStoreError {
    static func translate(_ error: Error, _ location: PostgresLocation) -> CarportError {
        if let error = error as? CarportError { return error }
        // A lost COMMIT answer leaves the outcome unknown: say unreachable, never "not written".
        if error is CommitAnswerLost { return unreachable(location, "the answer to a commit was lost") }
        if error is ConnectionClosed { return unreachable(location, "its connection closed") }
        if error is ConnectionPoolError { return unreachable(location, "no connection to it could be made") }
        if error is CancellationError {
            return CarportError(.stopped, "Stopped before the database \(location) answered.")
        }
        guard let error = error as? PSQLError else {
            return CarportError(
                .store, "The database \(location) failed unexpectedly; try again, and report it if it keeps failing.")
        }
        switch error.code {
        case .server: return server(error, location)
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .clientClosedConnection:
            return unreachable(location, error.underlying.map(describe) ?? "the connection closed")
        case .sslUnsupported:
            return CarportError(
                .configuration,
                "The database \(location) does not offer TLS; give sslmode=disable only for a database on this machine."
            )
        case .queryCancelled:
            return CarportError(.stopped, "A query to the database \(location) was cancelled.")
        default:
            return CarportError(.store, "The database \(location) failed: \(error.code).")
        }
    }

    private static func server(_ error: PSQLError, _ location: PostgresLocation) -> CarportError {
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "no message"
        switch state {
        case "28P01", "28000":
            return CarportError(
                .configuration,
                "The database \(location) refused the login (\(message)); check the user and PGPASSWORD or database_password_file."
            )
        case "3D000":
            return CarportError(
                .configuration,
                "The database \(location) does not exist; create it (createdb) or fix CARPORT_DATABASE_URL.")
        case "57P01", "57P02", "57P03", "08000", "08003", "08006":
            return unreachable(location, message)
        case "40001", "40P01":
            return CarportError(
                .transient, "The database \(location) chose this write to retry (\(message)); try again.")
        case let state where state.hasPrefix("23"):
            let constraint = error.serverInfo?[.constraintName].map { " (\($0))" } ?? ""
            return CarportError(.store, "The database \(location) refused the change\(constraint): \(message).")
        case let state where state.hasPrefix("42"):
            return CarportError(
                .corruptStore,
                "The database \(location) is not the Carport store this carport expects (\(message)); check CARPORT_DATABASE_URL."
            )
        default:
            return CarportError(.store, "The database \(location) failed: \(message).")
        }
    }

    static func unreachable(_ location: PostgresLocation, _ why: String) -> CarportError {
        CarportError(
            .store,
            "The database \(location) is unreachable (\(why)). Check that it runs and that this machine may reach it (carport doctor)."
        )
    }

    /// The operating system's reason, without the error's type names.
    private static func describe(_ error: Error) -> String {
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil, error.connectionErrors.isEmpty { return "its host name does not resolve" }
            if let first = error.connectionErrors.first { return describe(first.error) }
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        let text = String(describing: error)
        if let errno = text.range(of: #"[A-Z][A-Za-z ]+ \(errno: \d+\)"#, options: .regularExpression) {
            return String(text[errno])
        }
        if text.contains("connectTimeout") || text.contains("Timeout") { return "no answer within 8 seconds" }
        return "the connection failed"
    }

    /// Runs `body`, translating whatever it throws.
    static func translating<T>(_ location: PostgresLocation, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw translate(error, location)
        }
    }
}

/// A statement for a connection that closed, or that stayed silent past the statement limit.
struct ConnectionClosed: Error {}

/// A COMMIT sent and not answered: the transaction may or may not have landed.
struct CommitAnswerLost: Error {
    var underlying: Error
}

/// Waits for `work` for at most `limit`; past it, gives up with `expired()` and leaves the work
/// behind (a query on a connection that closed never returns, docs/TEAM-STORE.md).
func abandoning<T: Sendable>(
    after limit: Duration, _ expired: @escaping @Sendable () -> Error, _ work: @escaping @Sendable () async throws -> T
) async throws -> T {
    let once = Once<T>()
    return try await withCheckedThrowingContinuation { continuation in
        once.set(continuation)
        let timer = Task {
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            once.finish(.failure(expired()))
        }
        Task {
            let result = await Result(catching: { try await work() })
            once.finish(result)
            timer.cancel()
        }
    }
}

/// One continuation resumed at most once, by whichever side finishes first.
private final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Error>?

    func set(_ continuation: CheckedContinuation<T, Error>) { lock.withLock { self.continuation = continuation } }

    func finish(_ result: Result<T, Error>) {
        let waiting = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}

extension Result where Failure == Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
