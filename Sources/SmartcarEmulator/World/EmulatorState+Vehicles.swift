import Foundation

/// Reading and changing emulated vehicles. Commands follow the VEHICLE_STATE rules of docs/SMARTCAR.md §9.4.
extension EmulatorState {
    /// The vehicle rolled forward to now (and stored that way), with a long-running command that
    /// has completed by now applied.
    func currentVehicle(_ id: String) -> SimVehicle? {
        guard var vehicle = vehicles[id]?.at(now()) else { return nil }
        if let pending = pendingCommands[id], pending.completesAt <= now() {
            pendingCommands[id] = nil
            vehicle.locked = pending.lock
            counters.commands += 1
        }
        vehicles[id] = vehicle
        return vehicle
    }

    /// LOCK / UNLOCK; returns the VEHICLE_STATE code that stops it, if any.
    func security(_ id: String, lock: Bool) -> String? {
        guard var vehicle = currentVehicle(id) else { return "UNREACHABLE" }
        if let problem = Self.securityProblem(vehicle, lock: lock) { return problem }
        pendingCommands[id] = nil
        vehicle.locked = lock
        vehicles[id] = vehicle
        counters.commands += 1
        return nil
    }

    /// A long-running LOCK / UNLOCK (API v3): checked now, applied by `currentVehicle` once
    /// `completesAt` has passed. Returns the VEHICLE_STATE code that stops it, if any.
    func startSecurity(_ id: String, lock: Bool, completesAt: Date) -> String? {
        guard let vehicle = currentVehicle(id) else { return "UNREACHABLE" }
        if let problem = Self.securityProblem(vehicle, lock: lock) { return problem }
        pendingCommands[id] = PendingLockCommand(lock: lock, completesAt: completesAt)
        return nil
    }

    private static func securityProblem(_ vehicle: SimVehicle, lock: Bool) -> String? {
        if vehicle.asleep { return "ASLEEP" }
        if vehicle.driving { return "IN_MOTION" }
        guard lock else { return nil }
        if vehicle.doorOpen { return "DOOR_OPEN" }
        if vehicle.trunkOpen { return "TRUNK_OPEN" }
        if vehicle.hoodOpen { return "HOOD_OPEN" }
        return nil
    }

    /// START / STOP charging; returns the VEHICLE_STATE code that stops it, if any.
    func charge(_ id: String, start: Bool) -> String? {
        guard var vehicle = currentVehicle(id) else { return "UNREACHABLE" }
        if vehicle.asleep { return "ASLEEP" }
        if !vehicle.pluggedIn { return "CHARGING_PLUG_NOT_CONNECTED" }
        if start {
            if vehicle.charging { return "CHARGING_IN_PROGRESS" }
            if vehicle.batteryFraction >= vehicle.chargeLimit - 0.0001 { return "FULLY_CHARGED" }
        } else if !vehicle.charging {
            return "NOT_CHARGING"
        }
        vehicle.charging = start
        vehicles[id] = vehicle
        counters.commands += 1
        return nil
    }

    func setChargeLimit(_ id: String, _ limit: Double) -> String? {
        guard var vehicle = currentVehicle(id) else { return "UNREACHABLE" }
        if vehicle.asleep { return "ASLEEP" }
        vehicle.chargeLimit = limit
        if vehicle.charging, vehicle.batteryFraction >= limit { vehicle.charging = false }
        vehicles[id] = vehicle
        counters.commands += 1
        return nil
    }

    func sendDestination(_ id: String) -> String? {
        guard let vehicle = currentVehicle(id) else { return "UNREACHABLE" }
        if vehicle.asleep { return "ASLEEP" }
        counters.commands += 1
        return nil
    }

    /// Applies an admin patch (driving, plugged in, doors…); false when the vehicle is unknown.
    func patchVehicle(_ id: String, _ patch: VehiclePatch) -> Bool {
        guard var vehicle = currentVehicle(id) else { return false }
        patch.apply(to: &vehicle)
        vehicles[id] = vehicle
        return true
    }

    func vehicleSummaries() -> [VehicleSummary] {
        for (id, pending) in pendingCommands where pending.completesAt <= now() { _ = currentVehicle(id) }
        return vehicles.values.map { VehicleSummary($0.at(now())) }.sorted { ($0.make, $0.vin) < ($1.make, $1.vin) }
    }
}
