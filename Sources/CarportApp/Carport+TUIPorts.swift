import CarportCore
import CarportTUI
import Foundation

extension Carport {
    /// The TUI's ports over this store, Smartcar client and refresh engine. With `readOnly`, live
    /// data uses the stored access token as it is and never refreshes it.
    public func tuiPorts(readOnly: Bool, demo: DemoControls? = nil) -> AppPorts {
        let carport = self
        return AppPorts(
            // The UI holds summaries only: no token stays in its memory. Loading reads the store
            // only (no Smartcar call before the first frame); what a link could not read is
            // completed by the refreshes, `r` and the background round.
            load: {
                let mark = try await carport.store.changeMark() // first: a change while reading comes again
                // Side by side on two of the pool's readers: at fleet scale the first frame waits for these.
                async let connections = carport.store.connectionSummaries()
                async let vehicles = carport.store.vehicles()
                return (mark, try await connections, try await vehicles + carport.unreadPlaceholders())
            },
            changes: { mark in try await carport.store.changes(since: mark, limit: State.changesApplied) },
            refresh: { id in try await carport.refreshNews(id) },
            refreshDue: { await carport.refreshDueNews() },
            liveData: { vehicleId in try await carport.liveData(vehicleId, refreshing: !readOnly) },
            security: { action, vehicleId, accepted in
                let (vehicle, connection) = try await carport.resolveVehicle(vehicleId)
                return try await carport.sendSecurity(action, to: vehicle, of: connection, accepted: accepted)
            },
            disconnect: { vehicleId in
                let (vehicle, connection) = try await carport.resolveVehicle(vehicleId)
                try await carport.disconnect(vehicle, of: connection)
            },
            connect: { purpose, choices, events in
                try await carport.startConnect(purpose, choices: choices, events: events)
            },
            compatibility: { vin in try await carport.checkCompatibility(vin: vin) },
            demo: demo, applicationKinds: configuration.applicationKinds)
    }
}
