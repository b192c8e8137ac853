import CarportCore
import GRDB

/// Translates SQLite errors into `CarportError` at the store's edge.
enum StoreError {
    static func translate(_ error: Error) -> CarportError {
        if let error = error as? CarportError { return error }
        guard let error = error as? DatabaseError else {
            // Not `localizedDescription`: for a Swift error it names the error's type.
            return CarportError(.store, "The store failed unexpectedly; try again, and report it if it keeps failing.")
        }
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return CarportError(
                .corruptStore,
                """
                The store is damaged (\(error.message ?? "not a database")). Carport never recreates or repairs \
                a store: move it aside and restore the latest backup of $CARPORT_HOME.
                """)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return CarportError(.store, "The store stayed busy (another carport holds it); try again.")
        case .SQLITE_CONSTRAINT:
            return CarportError(.store, "The store refused the change: \(error.message ?? "constraint failed").")
        default:
            return CarportError(.store, "The store failed: \(error.message ?? "\(error.resultCode)").")
        }
    }

    /// Runs `body`, translating whatever it throws.
    static func translating<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw translate(error) }
    }

    static func translating<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw translate(error) }
    }
}
