import Foundation
import GRDB

enum GRDBFixture {
    /// A valid SQLite file that is not a Carport store; returns its bytes.
    static func makeForeignDatabase(at url: URL) throws -> Data {
        do {
            let queue = try DatabaseQueue(path: url.path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
            try queue.close()
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return try Data(contentsOf: url)
    }
}
