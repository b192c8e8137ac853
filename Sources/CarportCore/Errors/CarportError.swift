import Foundation

/// The one public error type. `message` says what happened and what to do next; it never holds
/// a token or the client secret (adapters redact Smartcar texts before they get here).
public struct CarportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// Missing or invalid configuration (variable, file key, redirect URI).
        case configuration
        /// Bad input from the operator (an unknown connection, a malformed URL).
        case usage
        case notFound = "not-found"
        /// The token service rejected the grant (`invalid_grant`, `invalid_request` for a dead
        /// refresh token) or the API said AUTHENTICATION: the customer must reconnect.
        case authorizationRevoked = "authorization-revoked"
        /// Any other OAuth error from the token service (`invalid_client`, `unauthorized_client`...).
        case oauth
        /// Vehicle API v3 answered 401 to the application token (expired early, revoked, or the API
        /// credentials changed): fetch a new token once and send again (docs/SMARTCAR.md §10).
        case appTokenRejected = "app-token-rejected"
        /// A Vehicle API v2.0 / v1 error that is not transient (PERMISSION, COMPATIBILITY...).
        case api
        /// 429: wait `details.retryAfter` seconds.
        case rateLimited = "rate-limited"
        /// Network failure, timeout, 5xx, UPSTREAM: retrying later may work.
        case transient
        /// The request may have reached the server but the answer was lost.
        case answerLost = "answer-lost"
        /// The operator stopped waiting before the request left: nothing was sent.
        case stopped
        /// A Connect redirect carried `error=` (docs/SMARTCAR.md §3.2).
        case connect
        /// The store failed (SQLite, file system).
        case store
        /// The key does not open this store (key-check mismatch).
        case wrongKey = "wrong-key"
        /// The store or a sealed value is damaged.
        case corruptStore = "corrupt-store"
        /// A store or key file others can read.
        case unsafePermissions = "unsafe-permissions"
        case `internal`
    }

    public var kind: Kind
    public var message: String
    /// Smartcar's structured error, when there was one.
    public var details: SmartcarErrorDetails?

    public init(_ kind: Kind, _ message: String, details: SmartcarErrorDetails? = nil) {
        self.kind = kind
        self.message = message
        self.details = details
    }

    public var description: String { message }

    /// Whether trying again later may succeed without the customer doing anything.
    public var isTransient: Bool { kind == .transient || kind == .rateLimited || kind == .answerLost }
}

/// What Smartcar said, field by field (docs/SMARTCAR.md §6.1, §6.4, §4.4, §10.6). Texts are already redacted.
public struct SmartcarErrorDetails: Sendable, Equatable, Codable {
    /// v2 or v3 `type`, OAuth `error`, or v1 `error`.
    public var type: String
    public var code: String?
    public var description: String
    public var docURL: String?
    public var statusCode: Int
    public var requestId: String?
    public var resolutionType: String?
    public var resolutionURL: String?
    public var suggestedUserMessage: String?
    /// Seconds from the `Retry-After` header.
    public var retryAfter: Int?
    /// v2 `detail`: field errors and candidate records, each as `field: message` or its JSON text;
    /// v3: the parameter or pointer each error names, and any further errors of the answer.
    public var detail: [String]

    public init(
        type: String, code: String? = nil, description: String, docURL: String? = nil,
        statusCode: Int, requestId: String? = nil, resolutionType: String? = nil,
        resolutionURL: String? = nil, suggestedUserMessage: String? = nil, retryAfter: Int? = nil,
        detail: [String] = []
    ) {
        self.type = type
        self.code = code
        self.description = description
        self.docURL = docURL
        self.statusCode = statusCode
        self.requestId = requestId
        self.resolutionType = resolutionType
        self.resolutionURL = resolutionURL
        self.suggestedUserMessage = suggestedUserMessage
        self.retryAfter = retryAfter
        self.detail = detail
    }

    /// `TYPE:CODE` or `TYPE`, as Smartcar's SDKs name an error.
    public var name: String { code.map { "\(type):\($0)" } ?? type }

    /// ` Request id: ….`, the end of a message, for the operator to quote to Smartcar support;
    /// empty without one.
    public var quotedRequestId: String { requestId.map { " Request id: \($0)." } ?? "" }
}

extension CarportError {
    /// `error` itself when it is a CarportError; anything else as `.internal`.
    public static func from(_ error: any Error) -> CarportError {
        error as? CarportError ?? CarportError(.internal, "Unexpected error: \(error)")
    }
}
