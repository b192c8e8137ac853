import CarportCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension LiveSmartcarClient {
    public func userId(accessToken: Secret) async throws -> String {
        let user: UserResponse = try await get(SmartcarPaths.user, token: accessToken, what: "GET /user").value
        return user.id
    }

    public func vehicleIds(accessToken: Secret) async throws -> [String] {
        try await allPages(what: "GET /vehicles") { offset in
            let page: VehiclesResponse = try await get(
                SmartcarPaths.vehicles, token: accessToken,
                query: [("limit", "\(SmartcarPaths.vehiclesPageLimit)"), ("offset", "\(offset)")],
                what: "GET /vehicles"
            ).value
            return (page.vehicles, page.paging.count)
        }
    }

    public func attributes(vehicleId: String, accessToken: Secret) async throws -> VehicleAttributes {
        let a: AttributesResponse = try await vehicleGet(vehicleId, "", accessToken).value
        return VehicleAttributes(id: a.id, make: a.make, model: a.model, year: a.year)
    }

    public func vin(vehicleId: String, accessToken: Secret) async throws -> String {
        let v: VinResponse = try await vehicleGet(vehicleId, "/vin", accessToken).value
        return v.vin
    }

    public func permissions(vehicleId: String, accessToken: Secret) async throws -> [String] {
        try await allPages(what: "GET /permissions") { offset in
            let page: PermissionsResponse = try await get(
                SmartcarPaths.vehicle(vehicleId, "/permissions"),
                token: accessToken, query: [("limit", "25"), ("offset", "\(offset)")],
                what: "GET /permissions"
            ).value
            return (page.permissions, page.paging.count)
        }
    }

    public func odometer(vehicleId: String, accessToken: Secret) async throws -> Reading<Odometer> {
        let r: (value: OdometerResponse, meta: ReadingMeta) = try await vehicleGet(vehicleId, "/odometer", accessToken)
        return Reading(Odometer(distanceKm: r.value.distance), meta: r.meta)
    }

    public func location(vehicleId: String, accessToken: Secret) async throws -> Reading<Location> {
        let r: (value: LocationResponse, meta: ReadingMeta) = try await vehicleGet(vehicleId, "/location", accessToken)
        return Reading(Location(latitude: r.value.latitude, longitude: r.value.longitude), meta: r.meta)
    }

    public func battery(vehicleId: String, accessToken: Secret) async throws -> Reading<Battery> {
        let r: (value: BatteryResponse, meta: ReadingMeta) = try await vehicleGet(vehicleId, "/battery", accessToken)
        return Reading(Battery(percentRemaining: r.value.percentRemaining, rangeKm: r.value.range), meta: r.meta)
    }

    public func charge(vehicleId: String, accessToken: Secret) async throws -> Reading<ChargeStatus> {
        let r: (value: ChargeResponse, meta: ReadingMeta) = try await vehicleGet(vehicleId, "/charge", accessToken)
        return Reading(ChargeStatus(isPluggedIn: r.value.isPluggedIn, state: r.value.state), meta: r.meta)
    }

    public func fuel(vehicleId: String, accessToken: Secret) async throws -> Reading<Fuel> {
        let r: (value: FuelResponse, meta: ReadingMeta) = try await vehicleGet(vehicleId, "/fuel", accessToken)
        return Reading(
            Fuel(
                percentRemaining: r.value.percentRemaining, rangeKm: r.value.range,
                amountLiters: r.value.amountRemaining), meta: r.meta)
    }

    public func tirePressure(vehicleId: String, accessToken: Secret) async throws -> Reading<TirePressure> {
        let r: (value: TirePressureResponse, meta: ReadingMeta) = try await vehicleGet(
            vehicleId, "/tires/pressure", accessToken)
        let t = r.value
        return Reading(
            TirePressure(
                frontLeft: t.frontLeft, frontRight: t.frontRight, backLeft: t.backLeft,
                backRight: t.backRight), meta: r.meta)
    }

    public func lockStatus(vehicleId: String, accessToken: Secret) async throws -> Reading<LockStatus> {
        let r: (value: LockStatusResponse, meta: ReadingMeta) = try await vehicleGet(
            vehicleId, "/security", accessToken)
        let parts = { (items: [LockStatusResponse.Part]) in
            items.map { LockStatus.Part(type: $0.type, status: $0.status) }
        }
        let s = r.value
        return Reading(
            LockStatus(
                isLocked: s.isLocked, doors: parts(s.doors), windows: parts(s.windows),
                sunroof: parts(s.sunroof), storage: parts(s.storage),
                chargingPort: parts(s.chargingPort)), meta: r.meta)
    }

    public func security(_ action: SecurityAction, vehicleId: String, accessToken: Secret) async throws -> String {
        try await command(vehicleId, "/security", action.rawValue, accessToken)
    }

    public func charge(_ action: ChargeAction, vehicleId: String, accessToken: Secret) async throws -> String {
        try await command(vehicleId, "/charge", action.rawValue, accessToken)
    }

    public func disconnect(vehicleId: String, accessToken: Secret) async throws {
        var request = URLRequest(
            url: url(SmartcarPaths.vehicle(vehicleId, "/application")), timeoutInterval: http.policy.timeout)
        request.httpMethod = "DELETE"
        request.setValue("Bearer \(accessToken.reveal())", forHTTPHeaderField: "Authorization")
        let what = "the disconnect of vehicle \(vehicleId)"
        let (body, _) = try await http.perform(request, replay: .onlyIfNotSent, what: what, secrets: [accessToken])
        let _: ActionResponse = try http.decode(body, what: what, replay: .onlyIfNotSent)
    }

    // MARK: - Plumbing

    private func command(_ vehicleId: String, _ sub: String, _ action: String, _ token: Secret) async throws -> String {
        var request = URLRequest(
            url: url(SmartcarPaths.vehicle(vehicleId, sub)), timeoutInterval: http.policy.commandTimeout)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token.reveal())", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(ActionRequest(action: action))
        let what = "the \(action) command"
        let (body, _) = try await http.perform(request, replay: .onlyIfNotSent, what: what, secrets: [token])
        let answer: ActionResponse = try http.decode(body, what: what, replay: .onlyIfNotSent)
        return answer.message ?? answer.status
    }

    private func vehicleGet<T: Decodable>(
        _ vehicleId: String, _ sub: String,
        _ token: Secret
    ) async throws -> (value: T, meta: ReadingMeta) {
        try await get(
            SmartcarPaths.vehicle(vehicleId, sub), token: token, unitHeader: true,
            what: "GET /vehicles/\(vehicleId)\(sub)")
    }

    private func get<T: Decodable>(
        _ path: String, token: Secret, query: [(String, String)] = [],
        unitHeader: Bool = false, what: String
    ) async throws -> (value: T, meta: ReadingMeta) {
        var request = URLRequest(url: url(path, query: query), timeoutInterval: http.policy.timeout)
        request.setValue("Bearer \(token.reveal())", forHTTPHeaderField: "Authorization")
        if unitHeader { request.setValue("metric", forHTTPHeaderField: SmartcarPaths.Header.unitSystem) }
        let (body, response) = try await http.perform(request, replay: .read, what: what, secrets: [token])
        let value: T = try http.decode(body, what: what, replay: .read)
        return (value, Self.meta(response))
    }

    /// Reads every page of a paged list; `fetch(offset)` returns one page and the total count.
    private func allPages(what: String, _ fetch: (Int) async throws -> ([String], Int)) async throws -> [String] {
        var all: [String] = []
        while true {
            let (page, total) = try await fetch(all.count)
            all += page
            if page.isEmpty || all.count >= total { return all }
        }
    }

    func url(_ path: String, query: [(String, String)] = []) -> URL {
        Self.url(apiOrigin, path, query: query)
    }

    /// `path` under `origin` (one trailing slash of the origin ignored), with `query` form-encoded.
    static func url(_ origin: URL, _ path: String, query: [(String, String)] = []) -> URL {
        var base = origin.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let suffix = query.isEmpty ? "" : "?" + FormEncoding.encode(query)
        return URL(string: base + path + suffix)!
    }

    static func meta(_ response: HTTPURLResponse) -> ReadingMeta {
        let headers = SmartcarHTTP.headers(response)
        let value = { (name: String) in
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        return ReadingMeta(
            requestId: value(SmartcarPaths.Header.requestId),
            dataAge: value(SmartcarPaths.Header.dataAge).flatMap(ISOTimestamp.parse),
            fetchedAt: value(SmartcarPaths.Header.fetchedAt).flatMap(ISOTimestamp.parse),
            unitSystem: value(SmartcarPaths.Header.unitSystem))
    }
}
