import Foundation

/// A failure the emulator serves on purpose, to the next `count` matching requests (or until
/// reset when `count` is nil). Also the JSON body of `POST /admin/faults`.
public struct EmulatorFault: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// Any v2 error (`type`, `code`); `RATE_LIMIT` adds `Retry-After: retryAfter`.
        case apiError = "api_error"
        /// An OAuth error from the token service (`status`, `error`, `description`).
        case tokenError = "token_error"
        /// Answers after `seconds`.
        case slow
        /// Closes the connection without answering.
        case drop
        /// A proxy's `502` with an HTML body (`text/html`).
        case htmlBadGateway = "html_502"
        /// A JSON error body without any `Content-Type` header.
        case missingContentType = "missing_content_type"
    }

    /// Which service a fault applies to.
    public enum Service: String, Sendable, Codable { case api, token, any }

    public var kind: Kind
    public var service: Service
    public var type: String?
    public var code: String?
    public var retryAfter: Int?
    public var status: Int?
    public var error: String?
    public var description: String?
    public var seconds: Double?
    /// Only requests for this vehicle (API faults).
    public var vehicleId: String?
    /// Only requests whose path ends with this (e.g. "/odometer").
    public var path: String?
    /// How many requests it hits; nil = every matching request until reset.
    public var count: Int?

    public init(
        kind: Kind, service: Service = .api, type: String? = nil, code: String? = nil,
        retryAfter: Int? = nil, status: Int? = nil, error: String? = nil, description: String? = nil,
        seconds: Double? = nil, vehicleId: String? = nil, path: String? = nil, count: Int? = 1
    ) {
        self.kind = kind
        self.service = service
        self.type = type
        self.code = code
        self.retryAfter = retryAfter
        self.status = status
        self.error = error
        self.description = description
        self.seconds = seconds
        self.vehicleId = vehicleId
        self.path = path
        self.count = count
    }

    public static func apiError(type: String, code: String?, count: Int? = 1) -> EmulatorFault {
        EmulatorFault(kind: .apiError, type: type, code: code, count: count)
    }

    public static func rateLimit(retryAfter: Int, count: Int? = 1) -> EmulatorFault {
        EmulatorFault(kind: .apiError, type: "RATE_LIMIT", code: "VEHICLE", retryAfter: retryAfter, count: count)
    }

    public static func serverError(count: Int? = 1) -> EmulatorFault {
        apiError(type: "SERVER", code: "INTERNAL", count: count)
    }

    public static func tokenError(
        status: Int = 500, error: String = "server_error",
        description: String = "Unexpected server error. Please try again.",
        count: Int? = 1
    ) -> EmulatorFault {
        EmulatorFault(
            kind: .tokenError, service: .token, status: status, error: error,
            description: description, count: count)
    }

    public static func slow(seconds: Double, service: Service = .api, count: Int? = 1) -> EmulatorFault {
        EmulatorFault(kind: .slow, service: service, seconds: seconds, count: count)
    }

    public static func drop(service: Service = .api, count: Int? = 1) -> EmulatorFault {
        EmulatorFault(kind: .drop, service: service, count: count)
    }

    public static func htmlBadGateway(service: Service = .api, count: Int? = 1) -> EmulatorFault {
        EmulatorFault(kind: .htmlBadGateway, service: service, count: count)
    }

    public static func missingContentType(count: Int? = 1) -> EmulatorFault {
        EmulatorFault(kind: .missingContentType, type: "SERVER", code: "INTERNAL", count: count)
    }

    /// The same fault limited to one vehicle.
    public func on(vehicle id: String) -> EmulatorFault {
        var copy = self
        copy.vehicleId = id
        return copy
    }

    /// The same fault limited to paths ending with `suffix`.
    public func at(path suffix: String) -> EmulatorFault {
        var copy = self
        copy.path = suffix
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case kind, service, type, code, retryAfter, status, error, description, seconds, vehicleId, path, count
    }

    /// JSON form: `service` defaults to "api" ("token" for token_error); a missing `count` means
    /// 1 and `"count": null` means every matching request until reset.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        service = try c.decodeIfPresent(Service.self, forKey: .service) ?? (kind == .tokenError ? .token : .api)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        retryAfter = try c.decodeIfPresent(Int.self, forKey: .retryAfter)
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds)
        vehicleId = try c.decodeIfPresent(String.self, forKey: .vehicleId)
        path = try c.decodeIfPresent(String.self, forKey: .path)
        count = c.contains(.count) ? try c.decodeIfPresent(Int.self, forKey: .count) : 1
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(service, forKey: .service)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(code, forKey: .code)
        try c.encodeIfPresent(retryAfter, forKey: .retryAfter)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(seconds, forKey: .seconds)
        try c.encodeIfPresent(vehicleId, forKey: .vehicleId)
        try c.encodeIfPresent(path, forKey: .path)
        try c.encode(count, forKey: .count)
    }

    /// Checks the fields a kind needs; the message says what to send instead.
    func validationProblem() -> String? {
        switch kind {
        case .apiError:
            guard let type, V2ErrorCatalog.isKnown(type: type) else {
                return
                    "api_error needs \"type\", one of \(V2ErrorCatalog.statusByType.keys.sorted().joined(separator: ", "))"
            }
        case .tokenError:
            guard error != nil else { return "token_error needs \"error\" (e.g. \"server_error\")" }
        case .slow:
            guard let seconds, seconds >= 0 else { return "slow needs \"seconds\" (a number ≥ 0)" }
        case .drop, .htmlBadGateway, .missingContentType: break
        }
        if let count, count < 1 { return "\"count\" must be at least 1, or left out for every request" }
        return nil
    }

    func matches(service: Service, vehicleId: String?, path: String) -> Bool {
        guard self.service == .any || self.service == service else { return false }
        if let wanted = self.vehicleId, wanted != vehicleId { return false }
        if let suffix = self.path, !path.hasSuffix(suffix) { return false }
        return true
    }
}
