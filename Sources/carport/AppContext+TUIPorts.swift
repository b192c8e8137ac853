import CarportCore
import CarportTUI
import Foundation

extension AppContext {
    /// The TUI's ports over this context's store, Smartcar client and refresh engine. With
    /// `readOnly`, live data uses the stored access token as it is and never refreshes it.
    func tuiPorts(readOnly: Bool, demo: DemoControls? = nil) -> AppPorts {
        let context = self
        return AppPorts(
            load: { (try await context.store.connections(), try await context.store.vehicles()) },
            refresh: { id in
                let result = try await context.refreshEngine().refresh(connectionId: id, selection: .all(since: context.clock.now()))
                return try await context.connectionAfter(result)
            },
            refreshDue: {
                guard let engine = try? context.refreshEngine(),
                      let summaries = try? await context.store.connectionSummaries() else { return [:] }
                let due = engine.dueIds(summaries)
                var results: [String: Result<Connection, CarportError>] = [:]
                for result in await engine.refresh(due, selection: .due, concurrency: 4) where result.outcome != .skipped {
                    do { results[result.connectionId] = .success(try await context.connectionAfter(result)) } catch {
                        results[result.connectionId] = .failure(error as? CarportError ?? CarportError(.internal, "\(error)"))
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
                        throw CarportError(.usage,
                            "The access token has expired and --read-only does not refresh it; run carport without --read-only.")
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

    /// The stored row after a refresh; a failure becomes the error the detail screen shows.
    func connectionAfter(_ result: RefreshResult) async throws -> Connection {
        switch result.outcome {
        case .failed: throw CarportError(.transient, result.message ?? "The refresh failed; the old pair is kept.")
        case .answerLost: throw CarportError(.answerLost, result.message ?? "The refresh's answer was lost.")
        case .needsReauth, .refreshed, .skipped, .adopted: break
        }
        guard let row = try await store.connection(id: result.connectionId) else {
            throw CarportError(.notFound, "Connection \(result.connectionId) is no longer in the store.")
        }
        return row
    }
}
