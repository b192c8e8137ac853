import CarportCore
import CarportStore
import Foundation
import SmartcarKit

/// Carport composed: the configuration read from `environment` (and the config file it names), the
/// store opened in its `CARPORT_HOME`, the injected clock and random source. The live Smartcar
/// client is built on demand, so commands that never call Smartcar (`rekey`, `list`) need no
/// client credentials. `main` and the tests both call this; nothing else opens a store for a
/// command.
public func buildCarport(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    clock: any WallClock = SystemClock(), random: any RandomSource = SystemRandom()
) async throws -> Carport {
    ProcessHardening.disableCoreDumps()
    let configuration = try Configuration.load(environment: environment)
    let user = Carport.osUser(environment)
    let store = try await openStore(configuration, clock: clock, osUser: user)
    return Carport(configuration: configuration, store: store, clock: clock, random: random, osUser: user)
}

/// The application layer that the CLI and the TUI share: the fleet view, refresh outcomes, vehicle
/// actions, connect sessions and the demo world are services on it (`Carport+*.swift`).
public struct Carport: Sendable {
    public let configuration: Configuration
    public let store: any StoreBackend
    public let clock: any WallClock
    public let random: any RandomSource
    /// The operating-system user, for the audit log.
    public let osUser: String

    /// The live client; throws a configuration error when the client id or secret is missing.
    public func smartcar() throws -> LiveSmartcarClient {
        try LiveSmartcarClient(configuration: configuration, clock: clock, random: random)
    }

    /// An audit entry stamped now, by this user.
    public func audit(
        _ action: String, connectionId: String? = nil, vehicleId: String? = nil,
        outcome: String = "ok", detail: String? = nil
    ) -> AuditEntry {
        AuditEntry(
            at: clock.now(), osUser: osUser, action: action, connectionId: connectionId,
            vehicleId: vehicleId, outcome: outcome, detail: detail)
    }

    /// The effective user's name; run through `sudo -u OWNER` by another user (`SUDO_USER`, whose
    /// `SUDO_UID` is not the effective one), also who: `carport (sudo from alice)`. sudo sets both;
    /// a user who sets them by hand only names someone beside their own account, never instead of it.
    static func osUser(_ environment: [String: String]) -> String {
        let name =
            getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } }
            ?? environment["USER"] ?? "uid-\(geteuid())"
        guard let operatorName = environment["SUDO_USER"], !operatorName.isEmpty, operatorName != name,
            let uid = environment["SUDO_UID"].flatMap(UInt32.init), uid != geteuid()
        else { return name }
        return "\(name) (sudo from \(TerminalText.sanitized(operatorName)))"
    }
}
