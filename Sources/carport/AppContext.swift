import CarportCore
import CarportStore
import Foundation
import SmartcarKit

/// What the subcommands share: the configuration, the open store in `config.home`, the clock,
/// and the live Smartcar client (built on demand: `rekey` needs no client credentials).
struct AppContext {
    let configuration: Configuration
    let store: SQLiteConnectionStore
    let clock: any WallClock
    let random: any RandomSource
    /// The operating-system user, for the audit log.
    let osUser: String

    static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        clock: any WallClock = SystemClock(), random: any RandomSource = SystemRandom()
    ) throws -> AppContext {
        let configuration = try Configuration.load(environment: environment)
        let user = osUser(environment)
        let store = try SQLiteConnectionStore.open(
            files: StoreFiles(home: configuration.home, keyFile: configuration.keyFile), clock: clock, osUser: user)
        return AppContext(configuration: configuration, store: store, clock: clock, random: random, osUser: user)
    }

    /// The live client; throws a configuration error when the client id or secret is missing.
    func smartcar() throws -> LiveSmartcarClient {
        try LiveSmartcarClient(configuration: configuration, clock: clock, random: random)
    }

    /// An audit entry stamped now, by this user.
    func audit(
        _ action: String, connectionId: String? = nil, vehicleId: String? = nil,
        outcome: String = "ok", detail: String? = nil
    ) -> AuditEntry {
        AuditEntry(
            at: clock.now(), osUser: osUser, action: action, connectionId: connectionId,
            vehicleId: vehicleId, outcome: outcome, detail: detail)
    }

    private static func osUser(_ environment: [String: String]) -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return environment["USER"] ?? "uid-\(geteuid())"
    }
}
