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
        FileHandle.standardError.write(Data("carport: \(error.message)\n".utf8))
        return ExitCode(1)
    }
}
