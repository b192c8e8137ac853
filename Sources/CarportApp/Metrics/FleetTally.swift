import CarportCore
import Foundation

/// What `carport metrics` counts in the fleet, one row at a time and nothing kept per row:
/// connections and vehicles per health state and mode, and the shortest refresh runway per mode.
struct FleetTally: Sendable {
    struct Key: Hashable, Sendable {
        var health: Health
        var kind: ApplicationKind
        var mode: ConnectMode
    }

    var connections: [Key: Int] = [:]
    var vehicles: [Key: Int] = [:]
    /// Seconds until the soonest refresh token dies, per mode, over the connections that do not
    /// need re-authentication already (those are counted, and their runway means nothing); a v3
    /// connection has no runway.
    var shortestRunway: [ConnectMode: TimeInterval] = [:]

    let policy: HealthPolicy
    let now: Date

    init(policy: HealthPolicy = .standard, at now: Date) {
        self.policy = policy
        self.now = now
    }

    mutating func count(connection: ConnectionSummary) {
        let health = policy.health(of: connection.state, at: now)
        connections[Key(health: health, kind: connection.kind, mode: connection.mode), default: 0] += 1
        guard health != .needsReauth, let tokens = connection.state.tokens else { return }
        let runway = tokens.refreshExpiresAt.timeIntervalSince(now)
        shortestRunway[connection.mode] = min(shortestRunway[connection.mode] ?? runway, runway)
    }

    mutating func count(vehicleOf connection: ConnectionSummary) {
        let health = policy.health(of: connection.state, at: now)
        vehicles[Key(health: health, kind: connection.kind, mode: connection.mode), default: 0] += 1
    }
}
