import CarportCore
import Foundation

/// What `reduce` does when a vehicle command's effect comes back.
extension State {
    mutating func finishSecurity(_ action: SecurityAction, vehicleId: String, _ result: Result<String, CarportError>) {
        let verb = action == .lock ? "Locked" : "Unlocked"
        running = nil
        switch result {
        case .success: setStatus("\(verb) \(describe(vehicleId)).", .healthy)
        case .failure(let error):
            remember(error, for: vehicleId)
            setStatus("\(action == .lock ? "Lock" : "Unlock") failed: \(error.message)", .error)
        }
    }

    /// `error` is nil when the vehicle was disconnected; then the list reloads.
    mutating func finishDisconnect(vehicleId: String, error: CarportError?) -> [Effect] {
        if let error {
            remember(error, for: vehicleId)
            setStatus("Disconnect failed: \(error.message)", .error)
            return []
        }
        setStatus("Disconnected \(describe(vehicleId)).", .healthy)
        if screen == .detail(vehicleId: vehicleId) { screen = .list }
        return [.reload]
    }
}
