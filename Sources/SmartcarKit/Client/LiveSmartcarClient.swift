import CarportCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The Smartcar token service and Vehicle API v2.0 over HTTP (docs/SMARTCAR.md §4, §5).
/// Client authentication is HTTP Basic; every request has a timeout; see `RetryPolicy` for what
/// is retried. Numbers are requested in metric units.
public struct LiveSmartcarClient: SmartcarAPI {
    public static let userAgent: String = {
        #if arch(x86_64)
            let arch = "x86_64"
        #elseif arch(arm64)
            let arch = "arm64"
        #else
            let arch = "unknown"
        #endif
        return "Carport/\(CarportVersion.current) (Linux; \(arch)) Swift"
    }()

    let clientId: String
    let clientSecret: Secret
    let tokenURL: URL
    let apiOrigin: URL
    let clock: any WallClock
    let http: SmartcarHTTP

    /// Throws a configuration error when the client id or secret is missing.
    public init(
        configuration: Configuration, clock: any WallClock = SystemClock(),
        random: any RandomSource = SystemRandom(),
        transport: any HTTPTransport = CurlTransport.shared, policy: RetryPolicy = .standard,
        sleep: @escaping @Sendable (TimeInterval) async throws -> Void = LiveSmartcarClient.taskSleep
    ) throws {
        self.clientId = try configuration.requireClientId()
        self.clientSecret = try configuration.requireClientSecret()
        self.tokenURL = configuration.tokenURL
        self.apiOrigin = configuration.apiOrigin
        self.clock = clock
        self.http = SmartcarHTTP(transport: transport, policy: policy, random: random, sleep: sleep)
    }

    public static func taskSleep(_ seconds: TimeInterval) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }

    public func exchange(code: String, redirectURI: String?) async throws -> TokenPair {
        var form = [("grant_type", "authorization_code"), ("code", code)]
        if let redirectURI { form.append(("redirect_uri", redirectURI)) }
        do {
            return try await token(form: form, what: "the code exchange", secrets: [Secret(code)])
        } catch let error as CarportError where Self.refusesTheCode(error) {
            // At the exchange no pair exists yet: the code itself was refused (docs/SMARTCAR.md §4).
            let uri = redirectURI.map { "redirect URI \($0)" } ?? "redirect URI (none was sent)"
            throw CarportError(
                .oauth,
                "Smartcar refused the authorization code (\(error.details?.type ?? "invalid_grant")): it has expired (a code lives 10 "
                    + "minutes), was already used, or the \(uri) is not the one the Connect URL carried or is not "
                    + "registered for this application in the Smartcar dashboard. Check SMARTCAR_REDIRECT_URI "
                    + "against the dashboard, then start a new Connect session.",
                details: error.details)
        }
    }

    /// `invalid_grant`, or the emulator's and older servers' `invalid_request` "Invalid code".
    static func refusesTheCode(_ error: CarportError) -> Bool {
        guard let details = error.details else { return false }
        return details.type == "invalid_grant"
            || (details.type == "invalid_request" && details.description.hasPrefix("Invalid code"))
    }

    public func refresh(_ refreshToken: Secret) async throws -> TokenPair {
        try await token(
            form: [("grant_type", "refresh_token"), ("refresh_token", refreshToken.reveal())],
            what: "the token refresh", secrets: [refreshToken])
    }

    /// One token-service call. Sent again only if it cannot have reached the server: a code is
    /// single use and a refresh token may be spent by the first attempt.
    /// HTTP Basic with the client credentials: the token service and the compatibility API.
    func authorizeAsApplication(_ request: inout URLRequest) {
        Self.authorizeBasic(&request, user: clientId, password: clientSecret)
    }

    /// `Authorization: Basic base64(user:password)`: the client credentials, or the management token.
    static func authorizeBasic(_ request: inout URLRequest, user: String, password: Secret) {
        let basic = Data("\(user):\(password.reveal())".utf8).base64EncodedString()
        request.setValue("Basic \(basic)", forHTTPHeaderField: "Authorization")
    }

    private func token(form: [(String, String)], what: String, secrets: [Secret]) async throws -> TokenPair {
        var request = URLRequest(url: tokenURL, timeoutInterval: http.policy.timeout)
        request.httpMethod = "POST"
        authorizeAsApplication(&request)
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(FormEncoding.encode(form).utf8)
        let issuedAt = clock.now()
        let (body, _) = try await http.perform(
            request, replay: .onlyIfNotSent, what: what,
            secrets: secrets + [clientSecret])
        let response: TokenResponse = try http.decode(body, what: what, replay: .onlyIfNotSent)
        guard !response.accessToken.isEmpty, !response.refreshToken.isEmpty, response.expiresIn > 0 else {
            throw CarportError(
                .answerLost,
                "Smartcar answered \(what) without a usable token pair; the old pair may already be spent.")
        }
        return TokenPair(
            accessToken: response.accessToken, refreshToken: response.refreshToken,
            expiresIn: response.expiresIn, issuedAt: issuedAt)
    }
}
