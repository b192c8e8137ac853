/// v2.0 error body (docs/SMARTCAR.md §6.1). `statusCode` and `requestId` are always in the body.
public struct V2ErrorBody: Codable, Sendable, Equatable {
    public struct Resolution: Codable, Sendable, Equatable {
        public var type: String?
        public var url: String?
        public init(type: String?, url: String? = nil) {
            self.type = type
            self.url = url
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encodeIfPresent(url, forKey: .url)
        }
    }

    public struct Detail: Codable, Sendable, Equatable {
        public var field: [String]
        public var message: String
        public init(field: [String], message: String) {
            self.field = field
            self.message = message
        }
    }

    public var type: String
    public var code: String?
    public var description: String
    public var docURL: String
    public var statusCode: Int
    public var requestId: String
    public var resolution: Resolution
    public var suggestedUserMessage: String?
    public var detail: [Detail]?

    public init(
        type: String, code: String?, description: String, docURL: String, statusCode: Int,
        requestId: String, resolution: Resolution, suggestedUserMessage: String? = nil,
        detail: [Detail]? = nil
    ) {
        self.type = type
        self.code = code
        self.description = description
        self.docURL = docURL
        self.statusCode = statusCode
        self.requestId = requestId
        self.resolution = resolution
        self.suggestedUserMessage = suggestedUserMessage
        self.detail = detail
    }

    /// `code` is written as `null` when absent, as Smartcar does.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(code, forKey: .code)
        try c.encode(description, forKey: .description)
        try c.encode(docURL, forKey: .docURL)
        try c.encode(statusCode, forKey: .statusCode)
        try c.encode(requestId, forKey: .requestId)
        try c.encode(resolution, forKey: .resolution)
        try c.encodeIfPresent(suggestedUserMessage, forKey: .suggestedUserMessage)
        try c.encodeIfPresent(detail, forKey: .detail)
    }
}

/// v1.0 error body (docs/SMARTCAR.md §6.4).
public struct V1ErrorBody: Codable, Sendable, Equatable {
    public var error: String
    public var message: String
    public var code: String?
    public init(error: String, message: String, code: String?) {
        self.error = error
        self.message = message
        self.code = code
    }
}
