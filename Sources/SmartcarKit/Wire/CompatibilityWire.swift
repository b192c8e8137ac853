/// `GET /v2.0/compatibility?vin&scope&country` (docs/SMARTCAR.md §5.9).
public struct CompatibilityResponse: Codable, Sendable, Equatable {
    public struct Capability: Codable, Sendable, Equatable {
        public var permission: String
        public var endpoint: String?
        public var capable: Bool
        public var reason: String?
        public init(permission: String, endpoint: String?, capable: Bool, reason: String?) {
            self.permission = permission
            self.endpoint = endpoint
            self.capable = capable
            self.reason = reason
        }
    }

    public var compatible: Bool
    public var reason: String?
    public var capabilities: [Capability]
    public init(compatible: Bool, reason: String?, capabilities: [Capability]) {
        self.compatible = compatible
        self.reason = reason
        self.capabilities = capabilities
    }

    /// Explicit nulls: the SDKs index every key.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(compatible, forKey: .compatible)
        try c.encode(reason, forKey: .reason)
        try c.encode(capabilities, forKey: .capabilities)
    }
}

extension CompatibilityResponse.Capability {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(permission, forKey: .permission)
        try c.encode(endpoint, forKey: .endpoint)
        try c.encode(capable, forKey: .capable)
        try c.encode(reason, forKey: .reason)
    }
}

/// One model of `GET /v2.0/compatibility/matrix?region&make[&type][&scope]`, whose body maps each
/// make to a list of these.
public struct MatrixModelWire: Codable, Sendable, Equatable {
    public var model: String
    public var startYear: Int
    public var endYear: Int
    public var type: String
    public var endpoints: [String]
    public var permissions: [String]
    public init(model: String, startYear: Int, endYear: Int, type: String, endpoints: [String], permissions: [String]) {
        self.model = model
        self.startYear = startYear
        self.endYear = endYear
        self.type = type
        self.endpoints = endpoints
        self.permissions = permissions
    }
}
