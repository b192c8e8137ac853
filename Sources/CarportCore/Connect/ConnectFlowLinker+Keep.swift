import Foundation

/// Keeping a grant: once the code is exchanged it cannot be exchanged again, so the pair is stored
/// before anything else is read, and whatever Smartcar fails to answer afterwards is a gap that
/// `carport refresh` fills in (`LinkGaps`), never a lost connection.
extension ConnectFlowLinker {
    /// Stores `tokens` as a new connection, then reads what it can. `userId` is the `/user` answer
    /// when it was read already (re-authorisation); `origin` goes into the audit entry.
    func keep(_ tokens: TokenPair, userId: String?, _ options: Options, origin: String) async throws -> Linked {
        let now = clock.now()
        var gaps = LinkGaps.everything
        gaps.user = (userId ?? "").isEmpty
        var connection = Connection(
            id: random.uuid(), smartcarUserId: gaps.user ? LinkGaps.unknownUser : userId!,
            customer: options.customer, mode: options.mode, scopes: [], tokens: tokens, createdAt: now,
            updatedAt: now)
        try await store.insertRetrying(
            connection, gaps: gaps,
            audit: AuditEntry(
                at: now, osUser: osUser, action: "connect", connectionId: connection.id, outcome: "ok",
                detail: "customer \(options.customer): token pair stored (\(origin))"))
        let read = await LinkReader(api: api).read(
            connectionId: connection.id, accessToken: tokens.accessToken, gaps: gaps, known: [])
        let audit = read.incompleteAudit(at: clock.now(), osUser: osUser)
        let moves: [VehicleMove]
        do {
            moves = try await store.complete(read, audit: audit)
        } catch {
            // The pair is stored with every gap still marked: a later `carport refresh` reads them.
            return Linked(connection: connection, vehicles: [], moves: [], gaps: gaps)
        }
        connection.smartcarUserId = read.smartcarUserId ?? connection.smartcarUserId
        connection.scopes = read.scopes
        return Linked(connection: connection, vehicles: read.vehicles, moves: moves, gaps: read.gaps)
    }
}

extension ConnectionStore {
    /// A link's first write, once Connect's part is done (a spent code, a customer who must not be
    /// asked again): a busy or briefly failing store gets four tries (0.1 s, 0.4 s, 1 s apart)
    /// before the link is given up with the store's error.
    func insertRetrying(_ connection: Connection, gaps: LinkGaps, audit: AuditEntry) async throws {
        for pause in [0.1, 0.4, 1.0] {
            do {
                return try await insert(connection, gaps: gaps, audit: audit)
            } catch {
                try? await Task.sleep(for: .seconds(pause))
            }
        }
        try await insert(connection, gaps: gaps, audit: audit)
    }
}
