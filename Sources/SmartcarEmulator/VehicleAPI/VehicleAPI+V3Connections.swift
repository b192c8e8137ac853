import Foundation

/// The v3 app's connections (docs/SMARTCAR.md §10.4): `GET /connections` with `filter[…]` and
/// `page[number]`/`page[size]` paging, `GET` and `DELETE /connections/{id}`.
extension VehicleAPI {
    static let connectionsPageSize = (default: 10, max: 100)

    func connectionList(_ request: EmulatorRequest, requestId: String) async -> APIReply {
        let filters = [
            ("filter[userId]", request.query("filter[userId]") ?? request.header(Self.userHeader)),
            ("filter[vehicleId]", request.query("filter[vehicleId]")),
            ("filter[vehicle.mode]", request.query("filter[vehicle.mode]")),
        ].compactMap { name, value in value.map { (name, $0) } }
        guard let number = Int(request.query("page[number]") ?? "1"), number >= 1,
            let size = Int(request.query("page[size]") ?? String(Self.connectionsPageSize.default)),
            (1...Self.connectionsPageSize.max).contains(size)
        else {
            return .v3Error(
                "VALIDATION", "INVALID_INPUT_FORMAT", requestId: requestId,
                detail: "page[number] must be at least 1 and page[size] between 1 and 100.")
        }
        let value = { (name: String) in filters.first { $0.0 == name }?.1 }
        let all = await state.v3ConnectionList(
            userId: value("filter[userId]"), vehicleId: value("filter[vehicleId]"), mode: value("filter[vehicle.mode]"))
        let start = (number - 1) * size
        let page = start < all.count ? Array(all[start..<min(all.count, start + size)]) : []
        var data: [[String: Any]] = []
        for connection in page { data.append(await connectionJSON(connection)) }
        let last = max(1, (all.count + size - 1) / size)
        let link = { (page: Int) -> Any in
            guard (1...last).contains(page) else { return NSNull() }
            return "/connections?"
                + (filters + [("page[number]", String(page)), ("page[size]", String(size))])
                .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        }
        return APIReply(
            status: 200,
            body: VehicleReadings.json([
                "data": data, "meta": ["pageNumber": number, "pageSize": size, "totalCount": all.count],
                "links": [
                    "self": link(number), "first": link(1), "prev": link(number - 1), "next": link(number + 1),
                    "last": link(last),
                ],
            ]))
    }

    /// `GET` or `DELETE /connections/{id}`; with `sc-user-id`, only that user's connection.
    func connection(_ request: EmulatorRequest, id: String, requestId: String) async -> APIReply {
        let userId = request.header(Self.userHeader)
        guard let found = await state.v3Connections[id], userId == nil || userId == found.userId else {
            return .v3Error("RESOURCE_NOT_FOUND", "CONNECTION_NOT_FOUND", requestId: requestId)
        }
        switch request.method {
        case "GET": return APIReply(status: 200, body: VehicleReadings.json(["data": await connectionJSON(found)]))
        case "DELETE":
            _ = await state.removeV3Connection(id)
            return APIReply(status: 204, body: Data())
        default: return .v3Error("RESOURCE_NOT_FOUND", "INVALID_PATH", requestId: requestId)
        }
    }

    private func connectionJSON(_ c: SimV3Connection) async -> [String: Any] {
        var vehicle: [String: Any] = ["mode": c.mode.rawValue]
        if let v = await state.vehicles(ids: [c.vehicleId]).first {
            vehicle.merge(["make": v.make, "model": v.model, "year": v.year, "powertrainType": v.powertrain.rawValue]) {
                a, _ in a
            }
        }
        return [
            "id": c.id, "type": "connection",
            "attributes": ["permissions": c.permissions, "vehicle": vehicle],
            "relationships": ["vehicle": ["data": ["id": c.vehicleId]], "user": ["data": ["id": c.userId]]],
        ]
    }
}
