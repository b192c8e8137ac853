import CarportCore
import Foundation

/// Completing what a link could not read: a connection is stored right after its code exchange,
/// and what Smartcar failed to answer then (`LinkGaps`) is read here. `carport refresh`, `carport
/// show` and the UI's refreshes call it; it never throws, so it never stands in their way.
extension Carport {
    /// Reads what the connections in `ids` (all when nil) are missing and stores it, with access
    /// tokens from the refresh engine. Returns the gaps every connection still has afterwards.
    @discardableResult
    public func completeMissing(_ ids: [String]? = nil) async -> [String: LinkGaps] {
        guard var left = try? await store.linkGaps() else { return [:] }
        let wanted = left.filter { ids?.contains($0.key) ?? true }
        guard !wanted.isEmpty else { return left }
        for (id, gaps) in wanted.sorted(by: { $0.key < $1.key }) {
            guard let connection = try? await store.connection(id: id),
                let known = try? await store.vehicles(connectionId: id),
                let read = await read(gaps, of: connection, known: known)
            else { continue }
            // Nothing new was read: writing would only put back gaps and blank attributes over what
            // another carport may have completed meanwhile.
            guard read.gaps != gaps else { continue }
            let detail = read.gaps.isEmpty ? "read \(gaps.description)" : read.gaps.note(connectionId: id)
            let entry = audit(
                "complete", connectionId: id, outcome: read.gaps.isEmpty ? "ok" : "incomplete",
                detail: [detail, read.firstError].compactMap { $0 }.joined(separator: " "))
            guard (try? await store.complete(read, audit: entry)) != nil else { continue }
            left[id] = read.gaps.isEmpty ? nil : read.gaps
        }
        return left
    }

    /// What Smartcar answers now for `gaps`: through the pair (refreshed by the engine when due),
    /// or for a v3 connection through the user's connections list. Nil when it cannot be asked.
    private func read(_ gaps: LinkGaps, of connection: Connection, known: [Vehicle]) async -> LinkCompletion? {
        switch connection.kind {
        case .classic:
            guard let api = try? smartcar(), let token = try? await accessToken(for: connection, api: api) else {
                return nil
            }
            return await LinkReader(api: api).read(
                connectionId: connection.id, accessToken: token, gaps: gaps, known: known)
        case .v3:
            guard let linker = try? v3Linker() else { return nil }
            return await linker.read(connectionId: connection.id, userId: connection.smartcarUserId, known: known)
        }
    }

    /// `show`: completes what the vehicle's connection is missing, then resolves it again; a query
    /// that finds no vehicle (one Smartcar has not listed yet) completes every connection first.
    /// `missing` is the note of what its connection still lacks. At fleet scale a `show` costs
    /// its own connection's reads, not every gapped connection's.
    public func resolveVehicleCompleting(
        _ query: String
    ) async throws -> (vehicle: Vehicle, connection: Connection, missing: String?) {
        let found = try? await resolveVehicle(query)
        let left = await completeMissing(found.map { [$0.connection.id] })
        let (vehicle, connection) = try await resolveVehicle(query)
        return (vehicle, connection, left[connection.id]?.note(connectionId: connection.id))
    }

    /// One `Vehicle.unread` per connection whose vehicle list Smartcar has not answered yet: the
    /// list and the UI show each as one row.
    public func unreadPlaceholders() async throws -> [Vehicle] {
        try await store.linkGaps().filter(\.value.vehicleList).keys.sorted().map { Vehicle.unread(connectionId: $0) }
    }
}
