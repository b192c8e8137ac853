import CarportCore
import Foundation

extension State {
    /// Commands on one vehicle: the open detail's, or the list selection's (`targetVehicle`).
    mutating func runVehicleCommand(_ command: Command) -> [Effect] {
        switch command {
        case .refresh:
            guard let vehicle = targetVehicle else { break }
            let id = vehicle.connectionId
            guard !refreshing.contains(id) else {
                setStatus("A refresh of this connection is already running.", .dim)
                break
            }
            refreshing.insert(id)
            return [.refresh(connectionId: id)]
        case .reauthorize:
            guard let vehicle = targetVehicle, let connection = fleet[connection: vehicle.connectionId] else { break }
            let purpose = ConnectPurpose.reauthorize(connectionId: connection.id, customer: connection.customer)
            screen = .connect(ConnectScreen(purpose: purpose, phase: .starting, startedAt: now))
            return [.startConnect(purpose)]
        case .disconnect:
            guard let vehicle = targetVehicle else { break }
            overlay = .typedConfirm(
                TypedConfirmation(
                    vehicleId: vehicle.id, rule: VINConfirmation(vehicle), typed: "", what: describe(vehicle.id)))
        case .liveData:
            guard case .detail(let id) = screen else { break }
            liveData[id] = .loading
            return [.fetchLiveData(vehicleId: id)]
        case .lock, .unlock:
            guard case .detail(let id) = screen else { break }
            if let running {
                setStatus("\(describe(running)) is still waiting for Smartcar; s stops waiting.", .accent)
                break
            }
            let action: SecurityAction = command == .lock ? .lock : .unlock
            let verb = action == .lock ? "Lock" : "Unlock"
            overlay = .confirm(Confirmation(action: action, vehicleId: id, question: "\(verb) \(describe(id))?"))
        case .stopWaiting:
            guard running != nil else {
                setStatus("No lock or unlock is waiting for Smartcar.", .dim)
                break
            }
            return [.stopWaiting]
        default:
            break
        }
        return []
    }
}
