import Foundation

/// What a read after the code exchange found for one stored connection; the store writes it in
/// one transaction (`ConnectionStore.complete`).
public struct LinkCompletion: Sendable, Equatable {
    public var connectionId: String
    /// Set when `/user` was read.
    public var smartcarUserId: String?
    /// Vehicles read or changed, to insert or update under this connection.
    public var vehicles: [Vehicle]
    /// Permissions newly read; the store adds them to the connection's scopes.
    public var scopes: [String]
    /// What is still missing afterwards (replaces the stored gaps).
    public var gaps: LinkGaps
    /// The first failure, redacted, for the operator and the audit log.
    public var firstError: String?

    public init(
        connectionId: String, smartcarUserId: String? = nil, vehicles: [Vehicle] = [], scopes: [String] = [],
        gaps: LinkGaps, firstError: String? = nil
    ) {
        self.connectionId = connectionId
        self.smartcarUserId = smartcarUserId
        self.vehicles = vehicles
        self.scopes = scopes
        self.gaps = gaps
        self.firstError = firstError
    }
}

extension LinkCompletion {
    /// The audit entry of a link that left gaps (`outcome` `incomplete`); nil when nothing is missing.
    func incompleteAudit(at date: Date, osUser: String) -> AuditEntry? {
        gaps.isEmpty
            ? nil
            : AuditEntry(
                at: date, osUser: osUser, action: "connect", connectionId: connectionId, outcome: "incomplete",
                detail: "\(gaps.note(connectionId: connectionId)) \(firstError ?? "")")
    }
}

/// Reads from Smartcar what a stored connection is missing (`LinkGaps`). Never throws: a failed
/// read stays a gap, so nothing Smartcar answers can drop a grant already stored. Values the store
/// would refuse are kept as unknown (`Vehicle.stored`).
public struct LinkReader: Sendable {
    let api: any SmartcarAPI

    public init(api: any SmartcarAPI) { self.api = api }

    /// `known`: the connection's vehicles as stored, merged with what is read.
    public func read(
        connectionId: String, accessToken: Secret, gaps: LinkGaps, known: [Vehicle]
    ) async -> LinkCompletion {
        var result = LinkCompletion(connectionId: connectionId, gaps: gaps)
        func failed(_ error: Error) {
            guard result.firstError == nil else { return }
            result.firstError = (error as? CarportError)?.message ?? "Smartcar's answer could not be read."
        }
        if gaps.user {
            do {
                let id = try await api.userId(accessToken: accessToken)
                if !id.isEmpty {
                    result.smartcarUserId = id
                    result.gaps.user = false
                }
            } catch { failed(error) }
        }
        if gaps.vehicleList {
            do {
                for id in try await api.vehicleIds(accessToken: accessToken) where !id.isEmpty {
                    result.gaps.vehicles[id, default: []].formUnion([.attributes, .permissions])
                }
                result.gaps.vehicleList = false
            } catch { failed(error) }
        }
        var scopes = Set<String>()
        for id in result.gaps.vehicles.keys.sorted() {
            let current =
                known.first { $0.id == id }
                ?? Vehicle(id: id, connectionId: connectionId, make: "", model: "", year: Vehicle.unknownYear)
            let (vehicle, missing, granted) = await readVehicle(
                current, parts: result.gaps.vehicles[id]!, accessToken: accessToken, failed: failed)
            result.vehicles.append(vehicle.stored)
            result.gaps.vehicles[id] = missing.isEmpty ? nil : missing
            scopes.formUnion(granted)
        }
        result.scopes = scopes.sorted()
        return result
    }

    /// Reads `parts` of one vehicle: what it became, what is still missing, permissions granted.
    private func readVehicle(
        _ vehicle: Vehicle, parts: Set<LinkGaps.Part>, accessToken: Secret, failed: (Error) -> Void
    ) async -> (Vehicle, Set<LinkGaps.Part>, [String]) {
        var vehicle = vehicle
        var missing = parts
        var granted: [String] = []
        if parts.contains(.attributes) {
            do {
                let a = try await api.attributes(vehicleId: vehicle.id, accessToken: accessToken)
                (vehicle.make, vehicle.model, vehicle.year) = (a.make, a.model, a.year)
                missing.remove(.attributes)
            } catch { failed(error) }
        }
        if parts.contains(.permissions) {
            do {
                granted = try await api.permissions(vehicleId: vehicle.id, accessToken: accessToken)
                missing.remove(.permissions)
                if granted.contains("read_vin") { missing.insert(.vin) }
            } catch { failed(error) }
        }
        if missing.contains(.vin) {
            do {
                vehicle.vin = try await api.vin(vehicleId: vehicle.id, accessToken: accessToken)
                missing.remove(.vin)
            } catch { failed(error) }
        }
        return (vehicle, missing, granted)
    }
}
