import CarportCore
import CarportStore
import CarportTestSupport
import Foundation

/// A fresh 0700 folder under the system temp dir, removed by `remove()`.
struct TempHome {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("carport-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
    }

    var files: StoreFiles { StoreFiles(home: url) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

enum Fixture {
    static let epoch = Date(timeIntervalSince1970: 1_790_000_000)

    static func open(_ home: TempHome, at date: Date = epoch) throws -> SQLiteConnectionStore {
        try SQLiteConnectionStore.open(files: home.files, clock: ManualClock(date), osUser: "tester")
    }

    static func pair(_ tag: String, issuedAt: Date = epoch) -> TokenPair {
        TokenPair(
            accessToken: Secret("access-\(tag)"), refreshToken: Secret("refresh-\(tag)"),
            expiresIn: 7200, issuedAt: issuedAt)
    }

    static func connection(_ id: String, customer: String = "ACME", tokens: TokenPair? = nil) -> Connection {
        Connection(
            id: id, smartcarUserId: "user-\(id)", customer: customer, mode: .test,
            scopes: ["read_odometer", "read_vin"], tokens: tokens ?? pair(id),
            createdAt: epoch, updatedAt: epoch)
    }

    static func vehicle(_ id: String, connection: String) -> Vehicle {
        Vehicle(id: id, connectionId: connection, make: "TESLA", model: "Model 3", year: 2024, vin: "5YJ3E1EA7KF000001")
    }

    static func audit(_ action: String, connection: String? = nil) -> AuditEntry {
        AuditEntry(at: epoch, osUser: "tester", action: action, connectionId: connection, outcome: "ok")
    }

    static func fileMode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
    }
}
