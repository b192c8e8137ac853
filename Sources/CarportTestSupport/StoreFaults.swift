import Foundation
import GRDB

/// Failures injected into a real store file, as a full disk or a broken volume would cause them.
public enum StoreFaults {
    /// While on, every write of a refresh token fails (a trigger on the `connections` table);
    /// everything else the store does keeps working.
    public static func refuseTokenWrites(database path: String, _ refuse: Bool) throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.write { db in
            try db.execute(
                sql: refuse
                    ? """
                    CREATE TRIGGER refuse_tokens BEFORE UPDATE OF refresh_token ON connections
                    BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END
                    """
                    : "DROP TRIGGER refuse_tokens")
        }
    }
}
