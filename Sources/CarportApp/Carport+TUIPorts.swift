import CarportCore
import CarportTUI
import Foundation

extension Carport {
    /// The TUI's ports over this carport's store, Smartcar client and refresh engine. With
    /// `readOnly`, live data uses the stored access token as it is and never refreshes it.
    public func tuiPorts(readOnly: Bool, demo: DemoControls? = nil) -> AppPorts {
        let carport = self
        return AppPorts(
            // The UI holds summaries only: no token stays in its memory.
            load: { (try await carport.store.connectionSummaries(), try await carport.store.vehicles()) },
            refresh: { id in
                let result = try await carport.refreshEngine().refresh(
                    connectionId: id, selection: .all(since: carport.clock.now()))
                try carport.check(result)
                guard let row = try await carport.store.connection(id: id) else { throw Self.gone(id) }
                return row.summary
            },
            refreshDue: {
                guard let engine = try? carport.refreshEngine(),
                    let summaries = try? await carport.store.connectionSummaries()
                else { return [:] }
                let finished = await engine.refresh(engine.dueIds(summaries), selection: .due, concurrency: 4)
                // One read for the whole round; if it fails, every result says why instead of "gone".
                let after: Result<[String: ConnectionSummary], Error>
                do {
                    after = .success(
                        Dictionary(
                            try await carport.store.connectionSummaries().map { ($0.id, $0) },
                            uniquingKeysWith: { a, _ in a }))
                } catch {
                    after = .failure(error)
                }
                var results: [String: Result<ConnectionSummary, CarportError>] = [:]
                for result in finished where result.outcome != .skipped {
                    do {
                        try carport.check(result)
                        guard let row = try after.get()[result.connectionId] else {
                            throw Self.gone(result.connectionId)
                        }
                        results[result.connectionId] = .success(row)
                    } catch {
                        results[result.connectionId] = .failure(
                            error as? CarportError ?? CarportError(.internal, "\(error)"))
                    }
                }
                return results
            },
            liveData: { vehicleId in
                let (vehicle, connection) = try await carport.resolveVehicle(vehicleId)
                let api = try carport.smartcar()
                let token: Secret
                if readOnly {
                    guard connection.tokens.accessExpiresAt > carport.clock.now() else {
                        throw CarportError(
                            .usage,
                            "The access token has expired and --read-only does not refresh it; run carport without --read-only."
                        )
                    }
                    token = connection.tokens.accessToken
                } else {
                    token = try await carport.accessToken(for: connection, api: api)
                }
                return await LiveData.fetch(api: api, vehicleId: vehicle.id, accessToken: token)
            },
            security: { action, vehicleId in
                let (vehicle, connection) = try await carport.resolveVehicle(vehicleId)
                return try await carport.sendSecurity(action, to: vehicle, of: connection)
            },
            disconnect: { vehicleId in
                let (vehicle, connection) = try await carport.resolveVehicle(vehicleId)
                try await carport.disconnect(vehicle, of: connection)
            },
            connect: { purpose, events in try await carport.startConnect(purpose, events: events) },
            demo: demo)
    }

    public func refreshEngine() throws -> RefreshEngine {
        RefreshEngine(store: store, api: try smartcar(), clock: clock)
    }

    /// A failed refresh as the error the detail screen shows.
    public func check(_ result: RefreshResult) throws {
        switch result.outcome {
        case .failed: throw CarportError(.transient, result.message ?? "The refresh failed; the old pair is kept.")
        case .answerLost: throw CarportError(.answerLost, result.message ?? "The refresh's answer was lost.")
        case .needsReauth, .refreshed, .skipped, .adopted: break
        }
    }

    public static func gone(_ id: String) -> CarportError {
        CarportError(.notFound, "Connection \(id) is no longer in the store.")
    }
}
