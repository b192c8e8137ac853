import CarportCore
import CarportTUI
import Foundation

extension AppContext {
    /// The TUI's ports over this context's store, Smartcar client and refresh engine. With
    /// `readOnly`, live data uses the stored access token as it is and never refreshes it.
    func tuiPorts(readOnly: Bool, demo: DemoControls? = nil) -> AppPorts {
        let context = self
        return AppPorts(
            // The UI holds summaries only: no token stays in its memory.
            load: { (try await context.store.connectionSummaries(), try await context.store.vehicles()) },
            refresh: { id in
                let result = try await context.refreshEngine().refresh(
                    connectionId: id, selection: .all(since: context.clock.now()))
                try context.check(result)
                guard let row = try await context.store.connection(id: id) else { throw Self.gone(id) }
                return row.summary
            },
            refreshDue: {
                guard let engine = try? context.refreshEngine(),
                    let summaries = try? await context.store.connectionSummaries()
                else { return [:] }
                let finished = await engine.refresh(engine.dueIds(summaries), selection: .due, concurrency: 4)
                // One read for the whole round; if it fails, every result says why instead of "gone".
                let after: Result<[String: ConnectionSummary], Error>
                do {
                    after = .success(
                        Dictionary(
                            try await context.store.connectionSummaries().map { ($0.id, $0) },
                            uniquingKeysWith: { a, _ in a }))
                } catch {
                    after = .failure(error)
                }
                var results: [String: Result<ConnectionSummary, CarportError>] = [:]
                for result in finished where result.outcome != .skipped {
                    do {
                        try context.check(result)
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
                let (vehicle, connection) = try await context.resolveVehicle(vehicleId)
                let api = try context.smartcar()
                let token: Secret
                if readOnly {
                    guard connection.tokens.accessExpiresAt > context.clock.now() else {
                        throw CarportError(
                            .usage,
                            "The access token has expired and --read-only does not refresh it; run carport without --read-only."
                        )
                    }
                    token = connection.tokens.accessToken
                } else {
                    token = try await context.accessToken(for: connection, api: api)
                }
                return await LiveData.fetch(api: api, vehicleId: vehicle.id, accessToken: token)
            },
            security: { action, vehicleId in
                let (vehicle, connection) = try await context.resolveVehicle(vehicleId)
                return try await context.sendSecurity(action, to: vehicle, of: connection)
            },
            disconnect: { vehicleId in
                let (vehicle, connection) = try await context.resolveVehicle(vehicleId)
                try await context.disconnect(vehicle, of: connection)
            },
            connect: { purpose, events in try await context.startConnect(purpose, events: events) },
            demo: demo)
    }

    func refreshEngine() throws -> RefreshEngine {
        RefreshEngine(store: store, api: try smartcar(), clock: clock)
    }

    /// A failed refresh as the error the detail screen shows.
    func check(_ result: RefreshResult) throws {
        switch result.outcome {
        case .failed: throw CarportError(.transient, result.message ?? "The refresh failed; the old pair is kept.")
        case .answerLost: throw CarportError(.answerLost, result.message ?? "The refresh's answer was lost.")
        case .needsReauth, .refreshed, .skipped, .adopted: break
        }
    }

    static func gone(_ id: String) -> CarportError {
        CarportError(.notFound, "Connection \(id) is no longer in the store.")
    }
}
