import ArgumentParser
import CarportApp
import CarportCore
import Foundation

/// Prints a `CarportError`'s message on stderr and exits 1, without a stack of wrapping text.
enum CommandFailure {
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as CarportError { throw fail(error) }
    }

    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as CarportError { throw fail(error) }
    }

    static func fail(_ error: CarportError) -> ExitCode {
        // A message may have several lines (a fix under a finding); each is sanitised on its own.
        for (index, line) in error.message.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            Console.error(index == 0 ? "carport: \(String(line))" : "\(String(line))")
        }
        return ExitCode(1)
    }
}
