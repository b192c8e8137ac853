/// `GET /v2.0/user`.
public struct UserResponse: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}

/// `paging` of `/vehicles` and `/permissions`: `count` is the total, `offset` echoes the request.
public struct Paging: Codable, Sendable, Equatable {
    public var count: Int
    public var offset: Int
    public init(count: Int, offset: Int) {
        self.count = count
        self.offset = offset
    }
}

/// `GET /v2.0/vehicles?limit=&offset=`.
public struct VehiclesResponse: Codable, Sendable, Equatable {
    public var paging: Paging
    public var vehicles: [String]
    public init(paging: Paging, vehicles: [String]) {
        self.paging = paging
        self.vehicles = vehicles
    }
}

/// `GET /v2.0/vehicles/{id}/permissions`.
public struct PermissionsResponse: Codable, Sendable, Equatable {
    public var permissions: [String]
    public var paging: Paging
    public init(permissions: [String], paging: Paging) {
        self.permissions = permissions
        self.paging = paging
    }
}
